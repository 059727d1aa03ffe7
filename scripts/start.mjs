// `npm start`: the demo arrives with the reference server (issue 4). Until then, say so and
// point at what works today, without failing.
console.log('@mwap/integrations: the demo arrives with the reference server.');
console.log('Today: `npm test` runs every test in Chromium; `npm run build` writes dist/.');
