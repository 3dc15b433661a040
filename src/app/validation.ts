import type { z } from 'zod';
import { UserError, type Bilingual } from '../domain/index.ts';

// Validation failures are read by people on the Chinese console too: each zod issue becomes a
// sentence in both languages, naming the field in the reader's words.

const FIELD_ZH: Record<string, string> = {
  name: '名称', content: '内容', text: '文本', cron: 'cron 表达式', every: '间隔', at: '时间', tz: '时区', startAt: '开始时间', endAt: '结束时间',
  maxRuns: '最多执行次数', mode: '模式', action: '操作', command: '命令', misfire: '错过处理', misfireGraceMs: '错过宽限', overlap: '重叠处理',
  overlapMax: '最多并行', retries: '重试次数', backoffMs: '重试间隔', timeoutMs: '超时', notifyUrls: '通知地址', chase: '催单', owner: '负责人',
  chat: '群聊', limit: '每页条数', offset: '偏移', status: '状态', platform: '平台', version: '版本', count: '数量', query: '查询', body: '请求体',
};

function zhField(path: string): string {
  return path.split('.').map((p) => FIELD_ZH[p] ?? p).join('.');
}

/** One zod issue as a sentence in both languages. */
export function issueText(i: z.core.$ZodIssue): Bilingual & { field: string } {
  const field = i.path.join('.') || 'body';
  const f = { en: field, zh: zhField(field) };
  const said = (en: string, zh: string) => ({ en: `${f.en}: ${en}`, zh: `${f.zh}：${zh}`, field });
  switch (i.code) {
    case 'too_big':
      if (i.origin === 'string') return said(`at most ${i.maximum} characters`, `最多 ${i.maximum} 个字符`);
      if (i.origin === 'array') return said(`at most ${i.maximum} items`, `最多 ${i.maximum} 项`);
      return said(`at most ${i.maximum}`, `不能大于 ${i.maximum}`);
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? said('must not be empty', '不能为空') : said(`at least ${i.minimum} characters`, `至少 ${i.minimum} 个字符`);
      if (i.origin === 'array') return said(`at least ${i.minimum} items`, `至少 ${i.minimum} 项`);
      return said(`at least ${i.minimum}`, `不能小于 ${i.minimum}`);
    case 'invalid_type':
      return said(`expected ${i.expected}`, `类型应为 ${i.expected}`);
    case 'invalid_value':
      return said(`one of ${i.values.map(String).join(', ')}`, `应为 ${i.values.map(String).join('、')} 之一`);
    case 'invalid_format':
      if (/duration/.test(i.message)) return said(i.message, '应为时长，例如 30s、2m、1h 或 7d');
      if (i.format === 'url') return said('not a URL', '不是有效的网址');
      return said(i.message, '格式不正确');
    case 'unrecognized_keys':
      return said(`unknown field(s) ${i.keys.join(', ')}`, `未知字段 ${i.keys.join('、')}`);
    default:
      return said(i.message, '输入无效');
  }
}

/** Validates against a schema, throwing a UserError that names the field at fault in both languages. */
export function validate<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const t = issueText(r.error.issues[0]);
  throw new UserError('bad_input', { en: t.en, zh: t.zh }, t.field);
}
