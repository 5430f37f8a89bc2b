// Node's own cold-start floor for coldstart.sh: an empty script with the same flags as the baseline.
// Prints ready_ms (see ../node-baseline/ready.js for the clock) and exits.
'use strict';
const { readyMs } = require('../node-baseline/ready');
process.stdout.write(`${readyMs()}\n`);
