// pako as the bundle's pdf-lib sees it: its deflate done by Node's zlib (scripts/bundle.js
// says why), the rest pako's own. Another zlib writes other bytes for the same data, as
// valid, and the same on every run of this Node.
const { deflateSync } = require('node:zlib');
const pako = require('pako');

module.exports = { ...pako, deflate: (input, options) => deflateSync(input, options?.level === undefined ? {} : { level: options.level }) };
