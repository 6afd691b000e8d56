// argmap watch --serve: show the output, reload it on every build, show the problems.
// Served by argmap itself on 127.0.0.1; the page talks to no other address.
"use strict";

(function () {
  const output = document.getElementById("output");
  const problems = document.getElementById("problems");
  const list = document.getElementById("problem-list");
  const status = document.getElementById("status");

  function show(state) {
    if (state.version > 0 && String(state.version) !== output.dataset.version) {
      output.dataset.version = String(state.version);
      const address = "output?v=" + state.version;
      if (output.tagName === "A") {
        output.href = address;
      } else {
        output.src = address;
      }
    }
    list.replaceChildren(
      ...state.problems.map(function (text) {
        const item = document.createElement("li");
        item.textContent = text; // text, never markup: a map's words stay words
        return item;
      })
    );
    problems.hidden = state.problems.length === 0;
    status.textContent =
      state.problems.length === 0
        ? "Build " + state.version + " (" + state.seconds.toFixed(2) + " s)"
        : "The map has problems: showing build " + state.version;
    document.body.dataset.version = String(state.version);
    document.body.dataset.problems = String(state.problems.length);
  }

  const events = new EventSource("events");
  events.addEventListener("build", function (message) {
    show(JSON.parse(message.data));
  });
  events.addEventListener("error", function () {
    status.textContent = "Waiting for argmap watch (stopped?)";
  });
})();
