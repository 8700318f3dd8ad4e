import { InvalidArgumentError, type Command } from 'commander';

function httpUrl(v: string): string {
  try {
    const u = new URL(v);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
    return v;
  } catch {
    throw new InvalidArgumentError('expected a URL such as https://sipbot.example.com');
  }
}

/** `sipbot slack manifest`: the app manifest to paste at api.slack.com/apps (Create New App, From a manifest). */
export function register(program: Command): void {
  const slack = program.command('slack').description('Slack app set-up: print the app manifest');
  slack
    .command('manifest')
    .description('print the Slack app manifest (YAML): Socket Mode by default, or HTTP with --http')
    .option('--http <url>', 'public URL of `sipbot serve` (HTTP mode): requests go to <url>/slack/events', httpUrl)
    .option('--name <name>', 'app and bot display name', 'sipbot')
    .action(async (opts: { http?: string; name: string }) => {
      const [{ commands }, { slackManifest }] = await Promise.all([
        import('../../commands/registry.js'),
        import('../adapters/slack/manifest.js'),
      ]);
      process.stdout.write(slackManifest(commands, { name: opts.name, ...(opts.http ? { httpUrl: opts.http } : {}) }));
    });
}
