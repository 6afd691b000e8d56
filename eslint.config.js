// ESLint for the reader's script (src/argmap/reader/reader.js), run by `make lint`
// (Stylelint checks its styles: .stylelintrc.json).
const js = require(process.env.ESLINT_JS || "@eslint/js");

module.exports = [
  js.configs.recommended,
  {
    files: ["src/argmap/reader/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        window: "readonly", document: "readonly", history: "readonly", location: "readonly",
        performance: "readonly", requestAnimationFrame: "readonly", setTimeout: "readonly",
        clearTimeout: "readonly",
      },
    },
    rules: {
      eqeqeq: "error",
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-var": "error",
      "prefer-const": "error",
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Map text is set as textContent, never as markup." },
        { property: "outerHTML", message: "Map text is set as textContent, never as markup." },
        { property: "insertAdjacentHTML", message: "Map text is never parsed as markup." },
      ],
      strict: ["error", "global"],
    },
  },
  {
    // argmap's reader of Argdown text, run by Node under its permission model
    files: ["src/argmap/formats/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "commonjs",
      globals: { require: "readonly", process: "readonly" },
    },
    rules: { eqeqeq: "error", "no-var": "error", "prefer-const": "error", strict: ["error", "global"] },
  },
];
