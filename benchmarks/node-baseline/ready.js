// The "ready" clock shared by run-once.js and the floor script: milliseconds from COLDSTART_EXEC_NS
// (epoch nanoseconds that coldstart.sh takes right before exec) when set, otherwise from the process
// start (performance.now(), whose origin Node sets when the process starts). Microsecond resolution.
'use strict';

function readyMs() {
  const exec = process.env.COLDSTART_EXEC_NS;
  if (exec) {
    const execMs = Number(BigInt(exec.trim()) / 1000n) / 1000;
    return `ready_ms=${(performance.timeOrigin + performance.now() - execMs).toFixed(1)} origin=exec`;
  }
  return `ready_ms=${performance.now().toFixed(1)} origin=process-start`;
}

module.exports = { readyMs };
