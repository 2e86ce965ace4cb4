// Compile the portraits JSON Schema with ajv (draft 2020-12, as VS Code's YAML extension and
// other JavaScript editors do) and validate instances with it.
// stdin: {"schema": {...}, "instances": {"name": data, ...}}
// stdout: {"errors": {"name": ["/path message", ...], ...}}; exit 2 if the schema does not compile.
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { schema, instances } = JSON.parse(input);
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    process.stderr.write(String(error.message) + "\n");
    process.exit(2);
  }
  const errors = {};
  for (const [name, data] of Object.entries(instances)) {
    errors[name] = validate(data) ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`);
  }
  process.stdout.write(JSON.stringify({ errors }));
});
