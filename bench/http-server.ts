/**
 * The HTTP server as `sipbot serve` runs it, alone in its own process, for bench/http.ts:
 * `node dist/bench/http-server.js` (env: SIPBOT_DB, TWILIO_AUTH_TOKEN, ...) prints {"port": N}.
 */
import { cliCtx } from '../src/cli/context.js';
import { startHttpServer } from '../src/http/server.js';

const ctx = cliCtx({}, { ...process.env, SIPBOT_HOST: process.env.SIPBOT_HOST ?? '127.0.0.1', SIPBOT_PORT: process.env.SIPBOT_PORT ?? '0' }, 'warn');
const app = await startHttpServer(ctx);
const address = app.server.address();
process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }) + '\n');
process.on('SIGTERM', () => {
  void app.close().then(() => {
    ctx.db.close();
    process.exit(0);
  });
});
