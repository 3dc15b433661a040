import { ScanStatus, WechatyBuilder, qrcodeValueToImageUrl, type Message, type OfficialPuppetNpmName, type Wechaty, type WechatyOptions as WechatyBuildOptions } from 'wechaty';
import type { AdapterContext, ChatAdapter, Outgoing, SendResult, WebhookRoute } from '../../src/chat/index.ts';
import { TransportError } from '../../src/domain/index.ts';
import { DEFAULT_SEND_TIMEOUT_MS, WECHATY_LIMITS, type WechatyOptions } from './config.ts';
import { PLATFORM, createInboundListener } from './inbound.ts';
import { sendText } from './outbound.ts';

export { WECHATY_LIMITS, wechatyOptionsFromEnv, type PuppetInstance, type WechatyOptions } from './config.ts';
export { PLATFORM as WECHATY_PLATFORM, stripBotMention } from './inbound.ts';

function buildOptions(options: WechatyOptions): WechatyBuildOptions {
  if (options.puppetInstance) return { name: options.name, puppet: options.puppetInstance };
  return {
    name: options.name,
    // Any puppet package works at run time (Wechaty imports it by name); the type lists only official ones.
    puppet: options.puppet as OfficialPuppetNpmName,
    puppetOptions: options.puppetToken ? { token: options.puppetToken } : {},
  };
}

class WechatyAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  readonly limits = WECHATY_LIMITS;
  readonly routes: WebhookRoute[] = [];
  private bot?: Wechaty;
  private abortLogin?: (reason: Error) => void;
  private onMessage?: (msg: Message) => void;

  constructor(private readonly options: WechatyOptions) {}

  async start(ctx: AdapterContext): Promise<void> {
    if (this.bot) throw new Error('wechaty adapter already started');
    const bot = WechatyBuilder.build(buildOptions(this.options));
    this.bot = bot;
    // Without an 'error' listener a puppet hiccup would be thrown as an unhandled EventEmitter error.
    bot.on('error', (err) => ctx.log.warn({ err: err.message }, 'wechaty: puppet error'));
    bot.on('scan', (qrcode, status) => {
      if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
        ctx.log.info({ qrcodeImageUrl: qrcodeValueToImageUrl(qrcode) }, 'wechaty: scan the QR code with WeChat to log in');
      }
    });
    bot.on('login', (user) => ctx.log.info({ userId: user.id, name: user.name() }, 'wechaty: logged in'));
    bot.on('logout', (user, reason) => ctx.log.warn({ userId: user.id, reason }, 'wechaty: logged out'));
    const onMessage = createInboundListener(bot, ctx);
    this.onMessage = onMessage;
    bot.on('message', onMessage);

    const loggedIn = this.waitForLogin(bot);
    try {
      await bot.start();
      // Not bot.ready(): puppets such as the mock never emit 'ready'; 'login' is what every puppet emits.
      await loggedIn;
    } catch (err) {
      // The caller needs the reason start failed, not a complaint from stopping a half-started bot.
      await this.stop().catch((stopErr: unknown) => ctx.log.warn({ err: String(stopErr) }, 'wechaty: stop after failed start'));
      throw err;
    }
  }

  private waitForLogin(bot: Wechaty): Promise<void> {
    const timeoutMs = this.options.loginTimeoutMs;
    const done = new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (err?: Error): void => {
        clearTimeout(timer);
        bot.off('login', onLogin);
        this.abortLogin = undefined;
        if (err) reject(err);
        else resolve();
      };
      const onLogin = (): void => finish();
      bot.on('login', onLogin);
      this.abortLogin = finish;
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => finish(new TransportError(`wechaty: not logged in within ${timeoutMs} ms`)), timeoutMs);
      }
    });
    done.catch(() => undefined); // start() awaits it; this only keeps an early stop() from surfacing as unhandled
    return done;
  }

  async stop(): Promise<void> {
    const bot = this.bot;
    this.bot = undefined;
    this.abortLogin?.(new TransportError('wechaty: stopped before login'));
    if (!bot) return;
    if (this.onMessage) bot.off('message', this.onMessage);
    this.onMessage = undefined;
    await bot.stop();
  }

  async send(chatId: string, out: Outgoing): Promise<SendResult> {
    if (!this.bot) throw new TransportError('wechaty: adapter not started');
    return sendText(this.bot, chatId, out, this.options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS);
  }

  health(): { ok: boolean; detail?: string } {
    if (!this.bot) return { ok: false, detail: 'not started' };
    if (!this.bot.isLoggedIn) return { ok: false, detail: 'not logged in (waiting for QR scan or reconnect)' };
    return { ok: true, detail: `logged in as ${this.bot.currentUser.name()}` };
  }
}

/** The WeChat adapter: one Wechaty bot on the configured puppet; no webhook routes. */
export function createWechatyAdapter(options: WechatyOptions): ChatAdapter {
  return new WechatyAdapter(options);
}
