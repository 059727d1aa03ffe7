/**
 * The real database worker, plus one way to kill it: `SELECT crash` ends the thread with exit code 7
 * before the worker sees it. For the test that a dead worker is reported rather than waited on.
 */
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (message: { sql?: string }) => {
  if (message.sql === 'SELECT crash') process.exit(7);
});
await import('../../db/pglite-worker.js');
