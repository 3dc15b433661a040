import type { ChatMessage, Mention } from '../../src/chat/index.ts';
import { AccessTokenCache } from './access-token.ts';
import { checkErrcode } from './api-error.ts';
import type { AppConfig, ResolvedTuning } from './config.ts';
import { requestJson } from './http.ts';
import type { PendingNotes } from './pending-notes.ts';

/** Where the member directory is read: the self-built app's token (user/simplelist needs one). */
export interface MemberSource {
  apiBase: string;
  secret: string;
  tokens: AccessTokenCache;
  timeoutMs: number;
  rateLimitRetryMs: number;
  now: () => number;
}

/** The directory read with the app's credentials (its own token cache: the call is rare). */
export function memberDirectoryFor(app: AppConfig, t: ResolvedTuning): MemberDirectory {
  const tokens = new AccessTokenCache({ apiBase: t.apiBase, corpId: app.corpId, secret: app.secret, timeoutMs: t.timeoutMs, refreshMarginMs: t.tokenRefreshMarginMs, rateLimitRetryMs: t.rateLimitRetryMs, now: t.now });
  return new MemberDirectory({ apiBase: t.apiBase, secret: app.secret, tokens, timeoutMs: t.timeoutMs, rateLimitRetryMs: t.rateLimitRetryMs, now: t.now });
}

/** "@name" in text: after a space or at the start (not an e-mail address), up to a space or punctuation. */
const AT = /(?:^|[\s\u2005])[@＠]([^\s\u2005@＠,，.。:：;；!！?？()（）]{1,64})/g;

/** The names a text @-mentions, in order, each once. */
export function mentionedNames(text: string): string[] {
  return [...new Set([...text.matchAll(AT)].map((m) => m[1]))];
}

/** What resolving a message's mentions gave: the people found, and the names that stay text. */
export interface Resolved {
  mentions: Mention[];
  unresolved: string[];
}

const TTL_MS = 10 * 60_000; // a directory read serves ten minutes of messages
const REFUSED_TTL_MS = 60_000; // a refusal (no permission) is not asked again for a minute

/**
 * Names → userids for WeCom callbacks, which carry the text only (the app's XML has Content;
 * the AI bot's JSON has from.userid and text.content, no mention list). The directory is the
 * app's visible members, user/simplelist?department_id=1&fetch_child=1 (document/path/90200):
 * "@张三" is the member whose name is 张三, or whose userid is 张三. Apps made after 2022-06-20
 * get no names from it unless the member authorised (WeCom returns the userid instead), and an
 * app outside the visible range is refused (errcode 60011): then the text stays as written and
 * the caller tells the writer the mention was not resolved.
 */
export class MemberDirectory {
  readonly #src: MemberSource;
  #byName = new Map<string, string>();
  #ids = new Set<string>();
  #until = 0; // ms
  #pending?: Promise<void>;

  constructor(src: MemberSource) {
    this.#src = src;
  }

  /** Resolves every "@name" of a text; never throws (a failed read leaves every name unresolved). */
  async resolve(text: string, skip: (name: string) => boolean = () => false): Promise<Resolved> {
    const names = mentionedNames(text).filter((n) => !skip(n));
    if (names.length === 0) return { mentions: [], unresolved: [] };
    await this.#load();
    const mentions: Mention[] = [];
    const unresolved: string[] = [];
    for (const name of names) {
      const id = this.#byName.get(name) ?? (this.#ids.has(name) ? name : undefined);
      if (id) mentions.push({ id, name });
      else unresolved.push(name);
    }
    return { mentions, unresolved };
  }

  async #load(): Promise<void> {
    if (this.#src.now() < this.#until) return;
    this.#pending ??= this.#read().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #read(): Promise<void> {
    const s = this.#src;
    try {
      const token = await s.tokens.get();
      const url = `${s.apiBase}/cgi-bin/user/simplelist?access_token=${encodeURIComponent(token)}&department_id=1&fetch_child=1`;
      const res = await requestJson(url, undefined, s.timeoutMs, 'WeCom user/simplelist');
      checkErrcode(res, s.rateLimitRetryMs, [s.secret, token]);
      const list = Array.isArray(res.userlist) ? (res.userlist as { userid?: unknown; name?: unknown }[]) : [];
      const byName = new Map<string, string>();
      const ids = new Set<string>();
      for (const u of list) {
        if (typeof u.userid !== 'string' || !u.userid) continue;
        ids.add(u.userid);
        // Two members of one name: neither is guessed.
        if (typeof u.name === 'string' && u.name) byName.set(u.name, byName.has(u.name) ? '' : u.userid);
      }
      for (const [k, v] of byName) if (!v) byName.delete(k);
      this.#byName = byName;
      this.#ids = ids;
      this.#until = s.now() + TTL_MS;
    } catch {
      this.#byName = new Map();
      this.#ids = new Set();
      this.#until = s.now() + REFUSED_TTL_MS;
    }
  }
}

/** The line that tells the writer which mentions stayed text, in the language of their message. */
export function unresolvedNote(names: readonly string[], text: string): string {
  const list = names.map((n) => `@${n}`).join(' ');
  return /[\u3400-\u9fff]/.test(text)
    ? `⚠️ 无法在企业微信通讯录中找到 ${list}，未设为负责人（应用需能读取成员：可见范围与通讯录权限）。`
    : `⚠️ Could not find ${list} in the WeCom directory, so they are not the owner (the app needs to read members: its visible range and contacts permission).`;
}

/** What the callback routes need to resolve mentions. */
export interface MentionDeps {
  /** Absent when the app is not configured: no directory to read, every "@name" stays text. */
  members?: MemberDirectory;
  notes: PendingNotes;
}

// "@所有人" / "@all" address everyone, not a person to own a task.
const EVERYONE = new Set(['所有人', 'all', 'All']);

/**
 * The message with the people its "@name"s resolve to as mentions (the text stays as written);
 * names that stay text are noted for the answer, so the writer learns why nobody was made owner.
 */
export async function resolveMentions(msg: ChatMessage, d: MentionDeps | undefined): Promise<ChatMessage> {
  if (!d) return msg;
  const names = mentionedNames(msg.text).filter((n) => !EVERYONE.has(n));
  if (names.length === 0) return msg;
  const r = d.members ? await d.members.resolve(msg.text, (n) => EVERYONE.has(n)) : { mentions: [], unresolved: names };
  if (r.unresolved.length > 0) d.notes.set(msg.chatId, unresolvedNote(r.unresolved, msg.text));
  const known = new Set(msg.mentions.map((m) => m.id));
  return { ...msg, mentions: [...msg.mentions, ...r.mentions.filter((m) => !known.has(m.id))] };
}
