// argmap's reader of Argdown text, run by argmap (formats/argdown.py) as
//   node --experimental-permission --allow-fs-read=<the CLI's node_modules> -e <this> <cli.js>
// with the text on standard input. It builds the Argdown CLI's own application from
// @argdown/core with only the stages `argdown json` runs that compute (parse, model,
// colours, JSON): no file loading, no @include, no saving, no plugins, so the file's front
// matter has no stage to steer. Node's permission model is the second layer: it reads
// only the CLI's packages, writes nothing and starts no process; this script refuses to
// run without it.
// Standard output: Argdown's JSON (exit 0), or a JSON list of [line, column, message]
// for each syntax error (exit 1).
"use strict";

const permission = process.permission;
if (!permission || permission.has("fs.write") || permission.has("child")) {
  process.stderr.write("argmap's Argdown reader runs only under Node's permission model\n");
  process.exit(2);
}

const core = require("module").createRequire(process.argv[1])("@argdown/core");

const app = new core.ArgdownApplication();
const stages = [
  [new core.ParserPlugin(), "parse-input"],
  [new core.DataPlugin(), "build-model"],
  [new core.ModelPlugin(), "build-model"],
  [new core.ExplodeArgumentsPlugin(), "build-model"],
  [new core.RegroupPlugin(), "build-model"],
  [new core.ColorPlugin(), "colorize"],
  [new core.JSONExportPlugin(), "export-json"],
];
for (const [plugin, stage] of stages) {
  app.addPlugin(plugin, stage);
}

function position(error) {
  const token =
    error.token && error.token.tokenType && error.token.tokenType.name === core.TokenNames.EOF
      ? error.previousToken
      : error.token;
  return token ? [token.startLine || 0, token.startColumn || 0] : [0, 0];
}

const input = require("fs").readFileSync(0, "utf8");
const response = app.run({
  input,
  process: ["parse-input", "build-model", "colorize", "export-json"],
  logLevel: "none",
});
const errors = (response.parserErrors || []).map((error) => [...position(error), error.message]);
for (const exception of response.exceptions || []) {
  errors.push([0, 0, String(exception && exception.message ? exception.message : exception)]);
}
if (errors.length > 0 || typeof response.json !== "string") {
  process.stdout.write(JSON.stringify(errors.length > 0 ? errors : [[0, 0, "no JSON"]]));
  process.exitCode = 1;
} else {
  process.stdout.write(response.json);
}
