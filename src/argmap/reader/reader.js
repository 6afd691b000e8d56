// argmap reader: the diagram beside the text, what-if evaluation, present mode.
//
// Everything the page shows of the map comes from the JSON in #am-data, written by
// argmap; every text reaches the page through textContent, never as markup. The
// evaluation below is the one of argmap's _evaluate.py and _views.py (grounded
// semantics, two views), rule for rule; the test suite checks that both agree.
"use strict";

(() => {
  const IN = "in";
  const OUT = "out";
  const UNDECIDED = "undecided";
  const data = JSON.parse(document.getElementById("am-data").textContent);
  const svg = document.getElementById("am-svg");

  // --- The structure: indexes over the map ------------------------------------------

  const claims = new Map(data.claims.map((claim) => [claim.id, claim]));
  const inferences = new Map(data.inferences.map((step) => [step.id, step]));
  const objections = new Map(data.objections.map((objection) => [objection.id, objection]));
  const everything = [...claims.keys(), ...inferences.keys(), ...objections.keys()];
  const supportFor = new Map();
  const attacksOn = new Map();
  for (const step of data.inferences) push(supportFor, step.to, step.id);
  for (const objection of data.objections) push(attacksOn, objection.to, objection.id);
  const analyst = new Set(data.claims.filter((claim) => claim.analyst).map((c) => c.id));

  function push(map, key, value) {
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(value);
  }

  // Who hears of an element's label, and as what (as _Propagation.run listens).
  const SUPPORT = 0;
  const ATTACKER = 1;
  const listeners = new Map(everything.map((id) => [id, []]));
  const supportCount = new Map(everything.map((id) => [id, 0]));
  const attackerCount = new Map(everything.map((id) => [id, 0]));
  function listen(source, listener, relation) {
    listeners.get(source).push([listener, relation]);
    const counts = relation === SUPPORT ? supportCount : attackerCount;
    counts.set(listener, counts.get(listener) + 1);
  }
  for (const step of data.inferences) {
    listen(step.id, step.to, SUPPORT);
    for (const premise of step.from) listen(premise, step.id, SUPPORT);
  }
  for (const objection of data.objections) {
    listen(objection.id, objection.to, ATTACKER);
    for (const reason of objection.from) listen(reason, objection.id, SUPPORT);
  }

  // --- Evaluation: grounded labelling by propagation with counters ------------------

  function based(claimId, rejected, accepted) {
    if (rejected.has(claimId)) return false;
    return accepted.has(claimId) || claims.get(claimId).given;
  }

  function evaluate(rejected, accepted, setAside) {
    const labels = new Map();
    const supportsIn = new Map();
    const supportsOut = new Map();
    const attackersIn = new Map();
    const attackersOut = new Map();
    for (const id of everything) {
      supportsIn.set(id, 0);
      supportsOut.set(id, 0);
      attackersIn.set(id, 0);
      attackersOut.set(id, 0);
    }
    function decide(element) {
      const attacked = attackersIn.get(element) > 0;
      const unattacked = attackersOut.get(element) === attackerCount.get(element);
      if (claims.has(element)) {
        if (rejected.has(element) || attacked) return OUT;
        const given = based(element, rejected, accepted);
        if ((given || supportsIn.get(element)) && unattacked) return IN;
        if (!given && supportsOut.get(element) === supportCount.get(element)) return OUT;
        return UNDECIDED;
      }
      // Inferences need all premises; objections all reasons.
      if (supportsOut.get(element) || attacked) return OUT;
      if (supportsIn.get(element) === supportCount.get(element) && unattacked) return IN;
      return UNDECIDED;
    }
    const pending = everything.slice();
    while (pending.length) {
      const element = pending.pop();
      if (labels.has(element)) continue;
      const label = decide(element);
      if (label === UNDECIDED) continue;
      labels.set(element, label);
      for (const [listener, relation] of listeners.get(element)) {
        if (relation === SUPPORT) {
          if (label === IN) supportsIn.set(listener, supportsIn.get(listener) + 1);
          else supportsOut.set(listener, supportsOut.get(listener) + 1);
        } else if (label === IN) {
          attackersIn.set(listener, attackersIn.get(listener) + 1);
        } else {
          attackersOut.set(listener, attackersOut.get(listener) + 1);
        }
        if (!labels.has(listener)) pending.push(listener);
      }
    }
    for (const id of everything) if (!labels.has(id)) labels.set(id, UNDECIDED);
    return { labels, rejected, accepted, setAside };
  }

  // The two views of _views.views: the author's argument with the analyst's claims set
  // aside, and the critic's, with them standing.
  function bothViews(rejected, accepted) {
    const critic = evaluate(rejected, accepted, new Set());
    const aside = new Set([...analyst].filter((id) => !accepted.has(id) && !rejected.has(id)));
    const author = evaluate(new Set([...rejected, ...aside]), accepted, aside);
    return { author, critic };
  }

  // --- Explanations: _evaluate._Reasons, sentence for sentence ----------------------

  const PASSIVE = {
    undermines: "undermined",
    rebuts: "rebutted",
    undercuts: "undercut",
    "replies to": "answered",
  };

  function names(ids) {
    return ids.length === 1 ? ids[0] : `${ids.slice(0, -1).join(", ")} and ${ids.at(-1)}`;
  }

  function verb(ids, singular, plural) {
    if (ids.length === 1) return singular + (plural === undefined ? "s" : "");
    return plural || `${ids.length === 2 ? "both" : "all"} ${singular}`;
  }

  function article(word) {
    return "aeiou".includes(word[0]) ? `an ${word}` : `a ${word}`;
  }

  function explain(evaluation, element) {
    const labels = evaluation.labels;
    const label = labels.get(element);
    const attackers = attacksOn.get(element) || [];
    const standing = attackers.filter((id) => labels.get(id) === IN);
    const beaten = attackers.filter((id) => labels.get(id) === OUT);
    const open = attackers.filter((id) => labels.get(id) === UNDECIDED);
    let parts;
    let given = false;
    if (claims.has(element)) {
      parts = supportFor.get(element) || [];
      given = based(element, evaluation.rejected, evaluation.accepted);
    } else {
      parts = (inferences.get(element) || objections.get(element)).from;
    }
    if (label === UNDECIDED) {
      const through = open.concat(parts.filter((id) => labels.get(id) === UNDECIDED));
      const cycle = "it depends on a cycle of attacks that the rules cannot settle";
      return [through.length ? `${cycle} (through ${names(through)})` : cycle, through];
    }
    if (claims.has(element) && evaluation.rejected.has(element)) {
      const aside = evaluation.setAside.has(element);
      return [aside ? "set aside: the analyst's claim" : "rejected", []];
    }
    const reasons = [];
    const causes = [];
    if (standing.length) {
      const kind = PASSIVE[objections.get(standing[0]).kind];
      reasons.push(`${kind} by ${names(standing)}, which ${verb(standing, "stand")}`);
      causes.push(...standing);
    }
    const [reason, grounds] = groundsOf(evaluation, element, label, parts, given);
    if (reason) {
      reasons.push(reason);
      causes.push(...grounds);
    }
    if (label === IN && beaten.length) {
      reasons.push(`${names(beaten)}, against it, ${verb(beaten, "fails", "fail")}`);
      causes.push(...beaten);
    }
    return [reasons.join("; "), causes];
  }

  function groundsOf(evaluation, element, label, parts, given) {
    const labels = evaluation.labels;
    const failing = parts.filter((id) => labels.get(id) === OUT);
    if (!claims.has(element)) {
      if (label === IN) return [`${names(parts)} ${verb(parts, "stand")}`, parts];
      if (failing.length) {
        return [`${names(failing)} ${verb(failing, "does not stand", "do not stand")}`, failing];
      }
      return ["", []];
    }
    if (label === OUT && !given) {
      if (!parts.length) return ["no inference supports it", []];
      if (failing.length < parts.length) return ["", []];
      const plural = failing.length > 1 ? "s" : "";
      return [`its support${plural} ${names(failing)} ${verb(failing, "fail")}`, failing];
    }
    if (label === IN && given) {
      const role = claims.get(element).role;
      return [evaluation.accepted.has(element) ? "accepted" : `given: ${article(role)}`, []];
    }
    if (label === IN) {
      const holding = parts.find((id) => labels.get(id) === IN);
      return [`supported by ${holding}, which holds`, [holding]];
    }
    return ["", []];
  }

  // --- State ------------------------------------------------------------------------

  const state = {
    rejected: new Set(),
    accepted: new Set(),
    view: "author",
    views: null,
    selected: null,
    follow: null, // "down" (what it rests on) or "up" (what rests on it)
    collapsed: new Set(),
    query: "",
    step: -1, // present mode's step, -1 when not presenting
  };

  // --- The page's elements ------------------------------------------------------------

  const nodes = new Map();
  for (const node of svg.querySelectorAll("g.am-el")) nodes.set(node.dataset.id, node);
  const edges = [...svg.querySelectorAll("g.edge[data-from]")];
  const clusters = new Map();
  for (const cluster of svg.querySelectorAll("g.am-theme")) {
    clusters.set(cluster.dataset.theme, cluster);
  }
  const marks = new Map();
  for (const mark of document.querySelectorAll("mark.am-q")) {
    for (const id of mark.dataset.claims.split(" ")) push(marks, id, mark);
    mark.tabIndex = 0;
    mark.setAttribute("role", "button");
    mark.title = `Quoted by ${mark.dataset.claims.split(" ").join(", ")}: select`;
  }
  const $ = (id) => document.getElementById(id);
  const panel = $("am-panel");
  const canvas = $("am-canvas");

  function make(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "className") element.className = value;
      else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === "") continue;
      element.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return element;
  }

  function userText(tag, text, className) {
    // dir=auto isolates the text: a bidi override in it cannot reorder the page.
    return make(tag, { dir: "auto", className }, text);
  }

  // --- Marks: each label in words and lines, never colour alone ---------------------
  //
  // They sit in an SVG of their own laid over the diagram (same view box, same
  // transform), in a layer of its own, and a toggle changes only them: in Chromium a
  // change of text or line inside the diagram lays out all of its texts again, and any
  // change in it paints the whole diagram again (each half a second at 1,000 claims).

  const SVG_NS = "http://www.w3.org/2000/svg";
  function svgElement(tag, attributes) {
    const element = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    return element;
  }
  const overlay = svgElement("svg", {
    id: "am-marks", viewBox: svg.getAttribute("viewBox"), "aria-hidden": "true", focusable: "false",
  });
  const layer = svgElement("g", { transform: svg.querySelector("g").getAttribute("transform") || "" });
  overlay.append(layer);
  svg.after(overlay);
  const marksOf = new Map();
  const widths = new Map();
  function badgeText(label, otherName, differs, given) {
    return label.toUpperCase() + (differs ? ` · ${otherName}: ${differs.toUpperCase()}` : "") + given;
  }
  // Every text a badge can show, measured once, now.
  const measure = svgElement("text", { class: "am-badge-text" });
  layer.append(measure);
  for (const label of [IN, OUT, UNDECIDED]) {
    for (const other of ["author", "critic"]) {
      for (const differs of [null, IN, OUT, UNDECIDED]) {
        for (const given of ["", " · rejected", " · accepted"]) {
          const text = badgeText(label, other, differs, given);
          measure.textContent = text;
          widths.set(text, measure.getComputedTextLength() + 10);
        }
      }
    }
  }
  measure.remove();
  for (const [id, node] of nodes) {
    const shape = node.querySelector("path, polygon, ellipse");
    if (!shape) continue;
    const box = shape.getBBox();
    const group = svgElement("g", { class: `am-mark am-mark-${claims.has(id) ? "claim" : "step"}`, "data-for": id });
    // OUT: faded and struck through; UNDECIDED: a dotted outline.
    const middle = box.y + box.height / 2;
    group.append(
      svgElement("rect", {
        class: "am-fade", x: box.x - 1, y: box.y - 1, width: box.width + 2, height: box.height + 2, rx: 4,
      }),
      svgElement("line", { class: "am-strike", x1: box.x - 3, x2: box.x + box.width + 3, y1: middle, y2: middle }),
      svgElement("rect", {
        class: "am-open", x: box.x - 4, y: box.y - 4, width: box.width + 8, height: box.height + 8, rx: 6,
      }),
    );
    const mark = { group, box, right: box.x + box.width - 4, top: box.y - 8 };
    if (claims.has(id)) {
      mark.rect = svgElement("rect", { class: "am-badge", height: 16, rx: 3 });
      mark.text = svgElement("text", { class: "am-badge-text" });
      group.append(mark.rect, mark.text);
    }
    layer.append(group);
    marksOf.set(id, mark);
  }
  // The selection's ring, drawn over the diagram too (a wider line in the diagram itself
  // would lay it out again).
  const ring = svgElement("rect", { class: "am-ring", rx: 8 });
  const focusRing = svgElement("rect", { class: "am-focus-ring", rx: 10 });
  layer.append(ring, focusRing);
  function around(shape, id, margin) {
    const mark = id && marksOf.get(id);
    shape.classList.toggle("am-on", Boolean(mark));
    if (!mark) return;
    shape.setAttribute("x", mark.box.x - margin);
    shape.setAttribute("y", mark.box.y - margin);
    shape.setAttribute("width", mark.box.width + 2 * margin);
    shape.setAttribute("height", mark.box.height + 2 * margin);
  }
  function ringAround(id) {
    around(ring, id, 6);
  }
  // The keyboard's focus, drawn over the diagram as well (see the marks' comment).
  svg.addEventListener("focusin", (event) => {
    const node = event.target.closest(".am-el");
    around(focusRing, node && node.matches(":focus-visible") ? node.dataset.id : null, 11);
  });
  svg.addEventListener("focusout", () => around(focusRing, null, 0));
  for (const [id, node] of nodes) node.dataset.name = node.getAttribute("aria-label") || id;
  function describe(label, differs) {
    const other = state.view === "author" ? "with the critic's points" : "in the author's view";
    return `Label: ${label}` + (differs ? `; ${other}: ${differs}` : "");
  }
  // A class on a diagram element, and on its marks.
  function flag(id, className, on) {
    const node = nodes.get(id);
    if (node) node.classList.toggle(className, on);
    const mark = marksOf.get(id);
    if (mark) mark.group.classList.toggle(className, on);
  }

  // --- Recolouring ------------------------------------------------------------------

  const LABEL_CLASSES = { in: "am-in", out: "am-out", undecided: "am-undecided" };
  const drawn = new Map();

  function recolour() {
    state.views = bothViews(state.rejected, state.accepted);
    const shown = state.views[state.view].labels;
    const other = state.views[state.view === "author" ? "critic" : "author"].labels;
    const contrast = analyst.size > 0;
    for (const id of everything) {
      const label = shown.get(id);
      const differs = contrast && other.get(id) !== label ? other.get(id) : null;
      const key = `${label}|${differs}|${state.rejected.has(id)}|${state.accepted.has(id)}`;
      if (drawn.get(id) === key) continue;
      drawn.set(id, key);
      const mark = marksOf.get(id);
      if (mark) {
        // Only the marks change: a class on the diagram's own element repaints it all.
        for (const name of [IN, OUT, UNDECIDED]) mark.group.classList.toggle(LABEL_CLASSES[name], name === label);
        mark.group.classList.toggle("am-rejected", state.rejected.has(id));
        mark.group.classList.toggle("am-accepted", state.accepted.has(id));
        mark.group.dataset.label = label;
      }
      const node = nodes.get(id);
      if (node) node.setAttribute("aria-label", `${node.dataset.name}. ${describe(label, differs)}`);
      if (mark && mark.text) {
        const otherName = state.view === "author" ? "critic" : "author";
        const given = state.rejected.has(id) ? " · rejected" : state.accepted.has(id) ? " · accepted" : "";
        const text = badgeText(label, otherName, differs, given);
        const width = widths.get(text);
        mark.rect.setAttribute("x", mark.right - width);
        mark.rect.setAttribute("y", mark.top);
        mark.rect.setAttribute("width", width);
        mark.text.setAttribute("x", mark.right - width + 5);
        mark.text.setAttribute("y", mark.top + 12);
        mark.text.textContent = text;
      }
    }
    verdict();
    if (state.selected) refreshPanel(state.selected);
  }

  // After a toggle, only the panel's labels and what-if choice change.
  function refreshPanel(id) {
    const labels = panel.querySelector(".am-labels");
    if (!labels) return showPanel(id);
    labels.replaceWith(labelsSection(id));
    const current = state.rejected.has(id) ? "reject" : state.accepted.has(id) ? "accept" : "given";
    for (const radio of panel.querySelectorAll('input[name="am-whatif"]')) radio.checked = radio.value === current;
  }

  function verdict() {
    const conclusion = data.conclusion;
    const author = state.views.author.labels.get(conclusion);
    const critic = state.views.critic.labels.get(conclusion);
    const rejected = [...state.rejected].sort().join(", ") || "none";
    const accepted = [...state.accepted].sort().join(", ") || "none";
    const box = $("am-verdict");
    const views = analyst.size
      ? [
          "Main conclusion ",
          make("strong", {}, conclusion),
          ": the author's argument on its own terms ",
          make("strong", {}, author.toUpperCase()),
          "; with the critic's points ",
          make("strong", {}, critic.toUpperCase()),
        ]
      : ["Main conclusion ", make("strong", {}, conclusion), " is ", make("strong", {}, critic.toUpperCase())];
    box.replaceChildren(...views, `. Rejected: ${rejected}. Accepted: ${accepted}.`);
  }

  // --- What if ------------------------------------------------------------------------

  function claimOnly(id) {
    if (claims.has(id)) return;
    if (inferences.has(id) || objections.has(id)) {
      const kind = inferences.has(id) ? "an inference" : "an objection";
      throw new Error(`${id} is ${kind}; only claims can be rejected or accepted`);
    }
    throw new Error(`${id}: no claim with that id`);
  }

  function reject(id) {
    claimOnly(id);
    state.accepted.delete(id);
    state.rejected.add(id);
    recolour();
  }

  function accept(id) {
    claimOnly(id);
    state.rejected.delete(id);
    state.accepted.add(id);
    recolour();
  }

  function reset(id) {
    if (id === undefined) {
      state.rejected.clear();
      state.accepted.clear();
    } else {
      claimOnly(id);
      state.rejected.delete(id);
      state.accepted.delete(id);
    }
    recolour();
  }

  // --- Selection and the panel ---------------------------------------------------------

  function known(id) {
    return claims.has(id) || inferences.has(id) || objections.has(id);
  }

  function select(id, options = {}) {
    if (!known(id)) throw new Error(`${id}: no claim, inference or objection with that id`);
    const claim = claims.get(id);
    if (claim && claim.theme && state.collapsed.has(claim.theme)) collapse(claim.theme, false);
    for (const node of svg.querySelectorAll(".am-selected")) node.classList.remove("am-selected");
    for (const mark of document.querySelectorAll("mark.am-current")) {
      mark.classList.remove("am-current");
    }
    state.selected = id;
    const node = nodes.get(id);
    if (node) {
      node.classList.add("am-selected");
      if (options.reveal !== false) reveal(node);
    }
    ringAround(id);
    const passage = marks.get(id) || [];
    for (const mark of passage) mark.classList.add("am-current");
    if (passage.length && options.scroll !== false) {
      passage[0].scrollIntoView({ block: "center", inline: "nearest" });
    }
    showPanel(id);
    if (state.follow) follow(state.follow);
    try {
      history.replaceState(null, "", `#${encodeURIComponent(id)}`);
    } catch {
      // Some browsers refuse to change a local file's address; the selection stands.
    }
  }

  function clearSelection() {
    state.selected = null;
    state.follow = null;
    ringAround(null);
    for (const node of svg.querySelectorAll(".am-selected")) node.classList.remove("am-selected");
    for (const mark of document.querySelectorAll("mark.am-current")) {
      mark.classList.remove("am-current");
    }
    paintFollow(null);
    panel.classList.add("am-empty");
    panel.replaceChildren(
      make("p", { className: "am-hint" }, "Select a claim in the map or a highlighted passage in the text to see it here."),
    );
  }

  function link(id) {
    return make("button", { type: "button", className: "am-link", onclick: () => select(id) }, id);
  }

  function links(ids) {
    const parts = [];
    ids.forEach((id, index) => {
      if (index) parts.push(index === ids.length - 1 ? " and " : ", ");
      parts.push(link(id));
    });
    return parts;
  }

  function field(term, ...value) {
    return [make("dt", {}, term), make("dd", {}, ...value)];
  }

  function showPanel(id) {
    const claim = claims.get(id);
    const step = inferences.get(id);
    const objection = objections.get(id);
    const rows = [];
    let heading;
    if (claim) {
      heading = [make("span", { className: "am-id" }, id), " ", claim.caption];
      rows.push(...field("Claim", userText("span", claim.text)));
      rows.push(...field("Role", claim.role + (claim.look !== claim.role ? ` (${claim.caption})` : "")));
      if (claim.themeLabel) rows.push(...field("Theme", userText("span", claim.themeLabel)));
      if (claim.basis) rows.push(...field("Basis", claim.basis));
      rows.push(...field("Held by", userText("span", claim.holderText)));
      if (claim.quote) rows.push(...field("Quote", userText("q", claim.quote)));
      if (claim.note) rows.push(...field("Note", userText("span", claim.note)));
      const supports = supportFor.get(id) || [];
      if (supports.length) rows.push(...field("Supported by", links(supports)));
      const uses = data.inferences.filter((s) => s.from.includes(id)).map((s) => s.id);
      if (uses.length) rows.push(...field("Supports", links(uses)));
      const reasons = data.objections.filter((o) => o.from.includes(id)).map((o) => o.id);
      if (reasons.length) rows.push(...field("Reason of", links(reasons)));
    } else if (step) {
      heading = [make("span", { className: "am-id" }, id), " inference"];
      rows.push(...field("From", links(step.from)), ...field("To", link(step.to)));
      rows.push(...field("Kind", step.from.length > 1 ? "linked premises" : "a single premise"));
      if (step.schemeName) rows.push(...field("Scheme", userText("span", `${step.schemeName} (${step.scheme})`)));
      if (step.warrant) rows.push(...field("Warrant", userText("span", step.warrant)));
      if (step.note) rows.push(...field("Note", userText("span", step.note)));
    } else {
      heading = [make("span", { className: "am-id" }, id), " objection"];
      rows.push(...field("Reasons", links(objection.from)));
      rows.push(...field(objection.kind.replace(/^./, (c) => c.toUpperCase()), link(objection.to)));
      if (objection.note) rows.push(...field("Note", userText("span", objection.note)));
    }
    const attacks = attacksOn.get(id) || [];
    if (attacks.length) rows.push(...field("Objections", links(attacks)));
    const content = [make("h2", {}, ...heading), make("dl", { className: "am-fields" }, rows)];
    content.push(labelsSection(id));
    if (claim) content.push(whatIf(id));
    if (step && step.questions.length) content.push(questions(step));
    content.push(followButtons());
    panel.classList.remove("am-empty");
    panel.replaceChildren(...content);
  }

  function labelsSection(id) {
    const rows = [];
    const viewNames = analyst.size
      ? [
          ["author", "Author's view"],
          ["critic", "With the critic's points"],
        ]
      : [["critic", "Evaluation"]];
    for (const [name, title] of viewNames) {
      const evaluation = state.views[name];
      const label = evaluation.labels.get(id);
      const [why, causes] = explain(evaluation, id);
      const because = causes.length ? [" (see ", ...links([...new Set(causes)]), ")"] : [];
      rows.push(
        ...field(
          title,
          make("strong", { className: `am-label am-label-${label}` }, label.toUpperCase()),
          `: ${why}`,
          ...because,
        ),
      );
    }
    return make("section", { className: "am-labels", "aria-label": "Evaluation" },
      make("h3", {}, "Evaluation"), make("dl", { className: "am-fields" }, rows));
  }

  function whatIf(id) {
    const current = state.rejected.has(id) ? "reject" : state.accepted.has(id) ? "accept" : "given";
    const choices = [
      ["given", "As the map has it", () => reset(id)],
      ["accept", "Accept", () => accept(id)],
      ["reject", "Reject", () => reject(id)],
    ];
    const group = make("fieldset", { className: "am-whatif" }, make("legend", {}, "What if"));
    for (const [value, title, action] of choices) {
      group.append(
        make(
          "label",
          {},
          make("input", {
            type: "radio",
            name: "am-whatif",
            value,
            checked: value === current,
            onchange: () => {
              action();
              const again = panel.querySelector(`input[name="am-whatif"][value="${value}"]`);
              if (again) again.focus();
            },
          }),
          ` ${title}`,
        ),
      );
    }
    if (analyst.has(id)) {
      group.append(make("p", { className: "am-hint" }, "The author's view sets the analyst's claims aside unless you accept them."));
    }
    return group;
  }

  function questions(step) {
    const list = make("ol", { className: "am-questions" });
    for (const question of step.questions) {
      const answer = [];
      if (question.by) answer.push(question.status === "open" ? " Raised by " : " Answered by ", link(question.by), ".");
      if (question.note) answer.push(" ", userText("span", question.note));
      list.append(
        make(
          "li",
          { className: `am-question am-${question.status}` },
          make("strong", {}, question.status === "open" ? "Open" : "Answered"),
          ` (${question.id}, ${question.kind}): `,
          userText("span", question.text),
          ...answer,
        ),
      );
    }
    const open = step.questions.filter((q) => q.status === "open").length;
    return make("section", { className: "am-cq" },
      make("h3", {}, `Critical questions: ${open} of ${step.questions.length} open`), list);
  }

  function followButtons() {
    const down = make("button", {
      type: "button", "aria-pressed": String(state.follow === "down"), "data-follow": "down",
      onclick: () => follow(state.follow === "down" ? null : "down"),
    }, "What it rests on (D)");
    const up = make("button", {
      type: "button", "aria-pressed": String(state.follow === "up"), "data-follow": "up",
      onclick: () => follow(state.follow === "up" ? null : "up"),
    }, "What rests on it (U)");
    return make("div", { className: "am-follow", role: "group", "aria-label": "Follow the argument" }, down, up);
  }

  // --- Following the argument -----------------------------------------------------------

  // What an element's label depends on, one step down (as _evaluate._grounds walks):
  // its supports or premises, and the objections against it.
  const below = new Map(everything.map((id) => [id, []]));
  const above = new Map(everything.map((id) => [id, []]));
  for (const id of everything) {
    const parts = claims.has(id) ? supportFor.get(id) || [] : (inferences.get(id) || objections.get(id)).from;
    for (const other of [...parts, ...(attacksOn.get(id) || [])]) {
      below.get(id).push(other);
      above.get(other).push(id);
    }
  }

  function reach(start, neighbours) {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length) {
      for (const next of neighbours.get(stack.pop())) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen;
  }

  function follow(direction) {
    state.follow = direction;
    if (!state.selected || !direction) {
      paintFollow(null);
    } else {
      paintFollow(reach(state.selected, direction === "down" ? below : above));
    }
    for (const button of panel.querySelectorAll(".am-follow button")) {
      button.setAttribute("aria-pressed", String(button.dataset.follow === direction));
    }
  }

  function paintFollow(chain) {
    dim(chain, "am-chain");
  }

  // Dims everything but `kept` (or clears the dimming when `kept` is null).
  function dim(kept, className) {
    svg.classList.toggle("am-dimming", kept !== null);
    overlay.classList.toggle("am-dimming", kept !== null);
    for (const id of nodes.keys()) flag(id, className, kept !== null && kept.has(id));
    for (const edge of edges) {
      const both = kept !== null && kept.has(edge.dataset.from) && kept.has(edge.dataset.to);
      edge.classList.toggle(className, both);
    }
  }

  // --- Themes: collapse and expand ----------------------------------------------------

  const themeButtons = new Map();
  function collapse(theme, folded) {
    if (folded) state.collapsed.add(theme);
    else state.collapsed.delete(theme);
    const hidden = new Set();
    for (const claim of data.claims) if (state.collapsed.has(claim.theme)) hidden.add(claim.id);
    // A step or objection goes with its ends when every one of them is folded away.
    let changed = true;
    while (changed) {
      changed = false;
      for (const step of [...data.inferences, ...data.objections]) {
        if (!hidden.has(step.id) && [step.to, ...step.from].every((id) => hidden.has(id))) {
          hidden.add(step.id);
          changed = true;
        }
      }
    }
    for (const id of nodes.keys()) flag(id, "am-folded", hidden.has(id));
    for (const edge of edges) {
      edge.classList.toggle("am-folded", hidden.has(edge.dataset.from) && hidden.has(edge.dataset.to));
    }
    for (const [id, cluster] of clusters) {
      const isFolded = state.collapsed.has(id);
      cluster.classList.toggle("am-collapsed", isFolded);
      let note = cluster.querySelector(".am-fold-note");
      if (isFolded && !note) {
        const box = cluster.querySelector("path, polygon").getBBox();
        note = document.createElementNS(SVG_NS, "text");
        note.setAttribute("class", "am-fold-note");
        note.setAttribute("x", box.x + box.width / 2);
        note.setAttribute("y", box.y + box.height / 2);
        note.setAttribute("text-anchor", "middle");
        const count = data.claims.filter((c) => c.theme === id).length;
        note.textContent = `${count} claim${count === 1 ? "" : "s"} folded away`;
        cluster.append(note);
      } else if (!isFolded && note) {
        note.remove();
      }
    }
    for (const [id, button] of themeButtons) {
      const isFolded = state.collapsed.has(id);
      button.setAttribute("aria-expanded", String(!isFolded));
      button.lastChild.textContent = isFolded ? " (folded: expand)" : " (collapse)";
    }
  }

  const themeNav = $("am-themes");
  for (const theme of data.themes) {
    if (!clusters.has(theme.id)) continue;
    const button = make(
      "button",
      {
        type: "button",
        "aria-expanded": "true",
        title: theme.description || null,
        onclick: () => collapse(theme.id, !state.collapsed.has(theme.id)),
      },
      userText("span", theme.label),
      make("span", { className: "am-fold-state" }, " (collapse)"),
    );
    themeButtons.set(theme.id, button);
    themeNav.append(button);
  }
  if (!themeButtons.size) themeNav.hidden = true;

  // --- Search -----------------------------------------------------------------------

  const results = $("am-results");
  function fold(text) {
    return (text || "").normalize("NFKC").toLowerCase();
  }
  function search(query) {
    state.query = query;
    const wanted = fold(query.trim());
    if (!wanted) {
      results.hidden = true;
      results.replaceChildren();
      $("am-found").textContent = "";
      dim(null, "am-match");
      return [];
    }
    const found = data.claims.filter((claim) =>
      [claim.id, claim.text, claim.quote, claim.note].some((text) => fold(text).includes(wanted)),
    );
    const ids = new Set(found.map((claim) => claim.id));
    dim(ids, "am-match");
    $("am-found").textContent = `${found.length} claim${found.length === 1 ? "" : "s"} found`;
    results.replaceChildren(
      ...found.slice(0, 30).map((claim) =>
        make(
          "li",
          {},
          make(
            "button",
            { type: "button", onclick: () => select(claim.id) },
            make("span", { className: "am-id" }, claim.id),
            " ",
            userText("span", claim.text),
          ),
        ),
      ),
    );
    if (found.length > 30) results.append(make("li", {}, `and ${found.length - 30} more`));
    results.hidden = false;
    return found.map((claim) => claim.id);
  }
  const searchBox = $("am-search");
  let typing = 0;
  searchBox.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => search(searchBox.value), 120);
  });
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const first = search(searchBox.value)[0];
      if (first) select(first);
    } else if (event.key === "Escape") {
      searchBox.value = "";
      search("");
      event.stopPropagation();
    } else if (event.key === "ArrowDown") {
      const button = results.querySelector("button");
      if (button) button.focus();
      event.preventDefault();
    }
  });

  // --- Pan, zoom and fit --------------------------------------------------------------

  const whole = svg.viewBox.baseVal;
  const full = { x: whole.x, y: whole.y, width: whole.width, height: whole.height };
  let view = { ...full };
  window.addEventListener("resize", () => setView(view));
  function setView(next) {
    view = next;
    svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.width} ${view.height}`);
    overlay.setAttribute("viewBox", `${view.x} ${view.y} ${view.width} ${view.height}`);
    // Too far out to read (claim text under 3 px), texts are not drawn at all: the
    // boxes show the shape of the argument, and a large map repaints quickly.
    const rect = svg.getBoundingClientRect();
    const scale = Math.min(rect.width / view.width, rect.height / view.height);
    const far = rect.width > 0 && scale < 0.2;
    svg.classList.toggle("am-far", far);
    overlay.classList.toggle("am-far", far);
  }
  function zoom(factor, centre) {
    const at = centre || { x: view.x + view.width / 2, y: view.y + view.height / 2 };
    const width = Math.min(full.width * 4, Math.max(40, view.width / factor));
    const scale = width / view.width;
    setView({
      x: at.x - (at.x - view.x) * scale,
      y: at.y - (at.y - view.y) * scale,
      width,
      height: view.height * scale,
    });
  }
  function pan(dx, dy) {
    setView({ ...view, x: view.x + dx * view.width, y: view.y + dy * view.height });
  }
  function toUser(clientX, clientY) {
    const point = svg.createSVGPoint();
    point.x = clientX;
    point.y = clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }
  // The box of some page elements in the diagram's coordinates.
  function boxOf(elements) {
    let left = Infinity;
    let top = Infinity;
    let right = -Infinity;
    let bottom = -Infinity;
    for (const element of elements) {
      const rect = element.getBoundingClientRect();
      if (!rect.width && !rect.height) continue;
      const a = toUser(rect.left, rect.top);
      const b = toUser(rect.right, rect.bottom);
      left = Math.min(left, a.x);
      top = Math.min(top, a.y);
      right = Math.max(right, b.x);
      bottom = Math.max(bottom, b.y);
    }
    return left === Infinity ? null : { x: left, y: top, width: right - left, height: bottom - top };
  }
  function fitTo(box, margin = 30) {
    if (!box) return setView({ ...full });
    const rect = svg.getBoundingClientRect();
    const aspect = rect.width / Math.max(1, rect.height);
    let width = box.width + 2 * margin;
    let height = box.height + 2 * margin;
    if (width / height < aspect) width = height * aspect;
    else height = width / aspect;
    setView({ x: box.x + box.width / 2 - width / 2, y: box.y + box.height / 2 - height / 2, width, height });
  }
  // Brings a node into view, with what it connects to, at a size that reads.
  function reveal(node) {
    const box = boxOf([node]);
    if (!box) return;
    const rect = svg.getBoundingClientRect();
    const scale = rect.width / view.width;
    const inside =
      box.x >= view.x && box.y >= view.y &&
      box.x + box.width <= view.x + view.width && box.y + box.height <= view.y + view.height;
    if (inside && box.height * scale >= 60) return;
    const id = node.dataset.id;
    const near = [id, ...below.get(id), ...above.get(id)].map((other) => nodes.get(other)).filter(Boolean);
    const around = boxOf(near) || box;
    // Not so far out that the text is unreadable: a few times the node's own box.
    const limit = { width: Math.max(box.width * 4, 900), height: Math.max(box.height * 8, 600) };
    const width = Math.min(around.width, limit.width);
    const height = Math.min(around.height, limit.height);
    fitTo({ x: box.x + box.width / 2 - width / 2, y: box.y + box.height / 2 - height / 2, width, height });
  }
  $("am-zoom-in").addEventListener("click", () => zoom(1.25));
  $("am-zoom-out").addEventListener("click", () => zoom(0.8));
  $("am-fit").addEventListener("click", () => setView({ ...full }));
  canvas.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, toUser(event.clientX, event.clientY));
    },
    { passive: false },
  );
  let drag = null;
  canvas.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || event.target.closest(".am-el, .am-theme.am-collapsed")) return;
    drag = { x: event.clientX, y: event.clientY, view: { ...view }, moved: false };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const rect = svg.getBoundingClientRect();
    const scale = Math.max(drag.view.width / rect.width, drag.view.height / rect.height);
    drag.moved = true;
    setView({ ...drag.view, x: drag.view.x - (event.clientX - drag.x) * scale, y: drag.view.y - (event.clientY - drag.y) * scale });
  });
  canvas.addEventListener("pointerup", () => {
    drag = null;
  });
  canvas.addEventListener("keydown", (event) => {
    if (event.target !== canvas) return;
    const moves = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] };
    if (moves[event.key]) {
      pan(...moves[event.key]);
      event.preventDefault();
    }
  });

  // --- Present mode: the build order of `argmap frames` ---------------------------------

  const stage = $("am-stage");
  function present(step) {
    const frames = data.frames;
    if (step < 0) {
      state.step = -1;
      document.body.classList.remove("am-presenting");
      stage.hidden = true;
      for (const element of document.querySelectorAll(".am-unseen")) element.classList.remove("am-unseen");
      setView({ ...full });
      $("am-present").focus();
      return;
    }
    const number = Math.min(step, frames.length - 1);
    const entering = state.step < 0;
    state.step = number;
    document.body.classList.add("am-presenting");
    stage.hidden = false;
    const shown = new Set(frames.slice(0, number + 1).flatMap((frame) => frame.reveal));
    const hidden = new Set(everything.filter((id) => !shown.has(id)));
    const revealed = new Set(frames[number].reveal);
    for (const id of nodes.keys()) flag(id, "am-unseen", hidden.has(id));
    for (const edge of edges) {
      edge.classList.toggle("am-unseen", hidden.has(edge.dataset.from) || hidden.has(edge.dataset.to));
    }
    for (const [theme, cluster] of clusters) {
      const members = data.claims.filter((claim) => claim.theme === theme);
      cluster.classList.toggle("am-unseen", members.every((claim) => hidden.has(claim.id)));
    }
    $("am-step").textContent = `Step ${number + 1} of ${frames.length}: ${frames[number].title}`;
    // Each step is framed on what it adds, at a size that reads from the back of a room.
    const added = [...nodes]
      .filter(([id]) => claims.has(id) && revealed.has(id))
      .map(([, node]) => node);
    setView({ ...full });
    const box = boxOf(added.length ? added : [...nodes.values()]);
    fitTo(box);
    // Claim text (14 units) never under 22 px, the slide floor of argmap's diagrams: a
    // wide step is shown from its top centre (drag to pan) rather than shrunk.
    const rect = svg.getBoundingClientRect();
    const floor = 22 / 14;
    if (box && rect.width / view.width < floor) {
      const width = rect.width / floor;
      const height = rect.height / floor;
      const top = box.height > height ? box.y - 20 : box.y + box.height / 2 - height / 2;
      setView({ x: box.x + box.width / 2 - width / 2, y: top, width, height });
    }
    if (entering) stage.focus();
  }
  function presentKeys(event) {
    const next = ["ArrowRight", "ArrowDown", " ", "PageDown", "Enter"];
    const back = ["ArrowLeft", "ArrowUp", "PageUp", "Backspace"];
    if (next.includes(event.key)) present(state.step + 1);
    else if (back.includes(event.key)) present(Math.max(0, state.step - 1));
    else if (event.key === "Home") present(0);
    else if (event.key === "End") present(data.frames.length - 1);
    else if (event.key === "Escape") present(-1);
    else return;
    event.preventDefault();
  }
  stage.tabIndex = -1;
  $("am-present").addEventListener("click", () => present(0));

  // --- Theme, view, help, reset ---------------------------------------------------------

  const root = document.documentElement;
  const themeButton = $("am-theme");
  function setTheme(dark) {
    root.dataset.theme = dark ? "dark" : "light";
    themeButton.setAttribute("aria-pressed", String(dark));
    themeButton.textContent = dark ? "Light theme" : "Dark theme";
  }
  setTheme(window.matchMedia("(prefers-color-scheme: dark)").matches);
  themeButton.addEventListener("click", () => setTheme(root.dataset.theme !== "dark"));

  function showView(name) {
    state.view = name;
    for (const radio of document.querySelectorAll('input[name="am-view"]')) radio.checked = radio.value === name;
    drawn.clear();
    recolour();
  }
  for (const radio of document.querySelectorAll('input[name="am-view"]')) {
    radio.addEventListener("change", () => showView(radio.value));
  }
  if (!analyst.size) {
    $("am-views").hidden = true;
    state.view = "critic";
  }
  $("am-reset").addEventListener("click", () => reset());
  const help = $("am-help");
  function toggleHelp() {
    const keys = $("am-keys");
    keys.hidden = !keys.hidden;
    help.setAttribute("aria-expanded", String(!keys.hidden));
  }
  help.addEventListener("click", toggleHelp);

  // --- Clicks and keys -------------------------------------------------------------------

  svg.addEventListener("click", (event) => {
    const node = event.target.closest(".am-el");
    if (node) return select(node.dataset.id, { reveal: false });
    const cluster = event.target.closest(".am-theme.am-collapsed");
    if (cluster) collapse(cluster.dataset.theme, false);
  });
  svg.addEventListener("keydown", (event) => {
    const node = event.target.closest && event.target.closest(".am-el");
    if (node && (event.key === "Enter" || event.key === " ")) {
      select(node.dataset.id, { reveal: false });
      event.preventDefault();
    }
  });
  function fromPassage(mark) {
    const ids = mark.dataset.claims.split(" ");
    const next = ids[(ids.indexOf(state.selected) + 1) % ids.length];
    select(next, { scroll: false });
  }
  document.addEventListener("click", (event) => {
    const mark = event.target.closest && event.target.closest("mark.am-q");
    if (mark) fromPassage(mark);
  });
  document.addEventListener("keydown", (event) => {
    if (state.step >= 0) return presentKeys(event);
    const target = event.target;
    if (target.closest && target.closest("mark.am-q") && (event.key === "Enter" || event.key === " ")) {
      fromPassage(target.closest("mark.am-q"));
      event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.matches && target.matches("input[type=search], input[type=text], textarea")) return;
    const claim = state.selected && claims.has(state.selected) ? state.selected : null;
    const actions = {
      "/": () => searchBox.focus(),
      a: () => claim && accept(claim),
      x: () => claim && reject(claim),
      n: () => claim && reset(claim),
      r: () => reset(),
      d: () => follow(state.follow === "down" ? null : "down"),
      u: () => follow(state.follow === "up" ? null : "up"),
      v: () => analyst.size && showView(state.view === "author" ? "critic" : "author"),
      t: () => setTheme(root.dataset.theme !== "dark"),
      p: () => present(0),
      "?": toggleHelp,
      "+": () => zoom(1.25),
      "=": () => zoom(1.25),
      "-": () => zoom(0.8),
      0: () => setView({ ...full }),
      Escape: () => {
        clearSelection();
        search("");
        searchBox.value = "";
      },
    };
    const action = actions[event.key.length === 1 ? event.key.toLowerCase() : event.key] || actions[event.key];
    if (!action) return;
    action();
    if (event.key !== "Escape" || target === document.body) event.preventDefault();
  });

  function fromAddress() {
    const written = location.hash.slice(1);
    let wanted = written;
    try {
      wanted = decodeURIComponent(written);
    } catch {
      // A "%" that starts no escape (#100%): the address is taken as written.
    }
    if (!wanted) return;
    if (known(wanted)) select(wanted);
    else $("am-verdict").prepend(make("span", { className: "am-warning" }, `The address names ${wanted}, which this map does not have. `));
  }
  window.addEventListener("hashchange", fromAddress);

  // --- The embedding API ------------------------------------------------------------------

  function labels(viewName) {
    const name = viewName || state.view;
    if (name !== "author" && name !== "critic") throw new Error(`${name}: the views are "author" and "critic"`);
    return Object.fromEntries(state.views[name].labels);
  }
  function why(id, viewName) {
    if (!known(id)) throw new Error(`${id}: no claim, inference or objection with that id`);
    return explain(state.views[viewName || state.view], id)[0];
  }
  window.argmap = Object.freeze({
    select: (id) => select(String(id)),
    reject: (id) => reject(String(id)),
    accept: (id) => accept(String(id)),
    reset: (id) => reset(id === undefined ? undefined : String(id)),
    labels,
    why,
    present: (step) => present(step === undefined ? 0 : Number(step) - 1),
  });

  recolour();
  setView({ ...full });
  fromAddress();
  document.body.classList.add("am-ready");
})();
