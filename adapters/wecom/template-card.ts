import { type ActionButton, type Outgoing, parseButtonData } from '../../src/chat/index.ts';

/**
 * The `button_interaction` template card of message/send (developer.work.weixin.qq.com
 * document/path/90236, 模板卡片消息 → 按钮交互型): a title, the text, and at most 6 buttons
 * whose `key` comes back as EventKey in the template_card_event callback. WeCom documents the
 * limits used here: task_id unique per app, at most 128 bytes of [0-9A-Za-z_-@]; a key at most
 * 1024 bytes; button_list at most 6 entries.
 */
export const MAX_CARD_BUTTONS = 6;

const TITLE_CHARS = 26; // WeCom: main_title.title, "建议不超过26个字"

/** WeCom's button styles: 1 = primary (blue), 2 = default. */
const PRIMARY = 1;
const DEFAULT = 2;

function titleOf(text: string): { title: string; rest: string } {
  const [first, ...more] = text.split('\n');
  const head = first.trim();
  // A long first line is cut in the title and kept whole in the body, so nothing is lost.
  if ([...head].length <= TITLE_CHARS) return { title: head || 'chatcron', rest: more.join('\n').trim() };
  return { title: `${[...head].slice(0, TITLE_CHARS - 1).join('')}…`, rest: text.trim() };
}

/** The card's task_id: one per message, from its buttons' token (base64url fits WeCom's alphabet). */
export function taskIdOf(buttons: readonly ActionButton[][]): string | undefined {
  const first = buttons.flat()[0];
  const parsed = first ? parseButtonData(first.data) : undefined;
  return parsed ? `cc1-${parsed.token}` : undefined;
}

/**
 * The template_card object for an Outgoing with buttons, or undefined when it has none of ours
 * (the caller then sends text). Mentions cannot be written in a card; a card goes to one member's
 * one-to-one chat, so the person reminded is the one who sees it.
 */
export function templateCardOf(out: Outgoing): Record<string, unknown> | undefined {
  const rows = out.buttons ?? [];
  const taskId = taskIdOf(rows);
  const buttons = rows.flat().slice(0, MAX_CARD_BUTTONS);
  if (!taskId || buttons.length === 0) return undefined;
  const { title, rest } = titleOf(out.text);
  return {
    card_type: 'button_interaction',
    main_title: { title },
    ...(rest ? { sub_title_text: rest } : {}),
    task_id: taskId,
    button_list: buttons.map((b) => ({ text: b.label, style: b.primary ? PRIMARY : DEFAULT, key: b.data })),
  };
}
