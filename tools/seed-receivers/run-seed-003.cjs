// Runs seed 003's Express handler (seed-003-handler.js, copied verbatim from the seed) unchanged. The
// seed's snippet assumes an Express `app` and a `YOUR_WEBHOOK_SECRET`; this file supplies exactly those
// and listens. Usage: node run-seed-003.cjs <port> <secret>
const fs = require('node:fs');
const path = require('node:path');
const express = require('express');

const [port, secret] = process.argv.slice(2);
const app = express();
const handler = fs.readFileSync(path.join(__dirname, 'seed-003-handler.js'), 'utf8');
new Function('require', 'app', 'express', 'YOUR_WEBHOOK_SECRET', handler)(require, app, express, secret);
app.listen(Number(port), '127.0.0.1', () => console.log(`seed 003 receiver listening on ${port}`));
