import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type PublicityList, publicityListCsv, publicityListHtml } from '../../src/documents/publicity-list';
import { idNumberFor } from '../support/factories';

const ids = [idNumberFor(11), idNumberFor(12), idNumberFor(13)];

function list(overrides: Partial<PublicityList> = {}): PublicityList {
  return {
    stage: 'qualification',
    plan: { year: 2021, level: 'intermediate', specialty: '建设工程' },
    period: { start: '2021-10-11', end: '2021-10-15' },
    objectionsTo: '慈溪市人力资源和社会保障局615办公室，电话63938300',
    publisher: '慈溪市工程技术人员中级专业技术职务任职资格评审委员会办公室',
    entries: [
      { name: '张伟', idNumber: ids[0]!, unitName: '慈溪市某某建设工程有限公司', result: '审核通过' },
      // Separators, quotes and a line break inside fields: RFC 4180 quoting must carry them.
      { name: '李娜', idNumber: ids[1]!, unitName: '宁波"甬兴",工程\r\n咨询有限公司', result: '审核通过' },
      { name: '王喆', idNumber: ids[2]!, unitName: '=HYPERLINK("http://evil.example","点击")', result: '审核通过' },
    ],
    ...overrides,
  };
}

const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;

describe('publicityListCsv', () => {
  it('is UTF-8 with a BOM and CRLF line ends, so Excel opens the Chinese text as it is', () => {
    const csv = publicityListCsv(list());
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const outsideQuotes = csv
      .split('"')
      .filter((_, i) => i % 2 === 0)
      .join('');
    expect(outsideQuotes.split('\r\n')).toHaveLength(list().entries.length + 2);
    expect(outsideQuotes).not.toMatch(/[^\r]\n|\r[^\n]/);
  });

  it('round-trips through a CSV parser: one row per entry with masked ID numbers only', () => {
    const csv = publicityListCsv(list());
    const records: string[][] = parse(Buffer.from(csv, 'utf8'), { bom: true, record_delimiter: '\r\n' });

    expect(records[0]).toEqual(['序号', '姓名', '性别', '身份证号码', '工作单位', '申报资格', '申报专业', '资格审查结果', '公示期']);
    expect(records).toHaveLength(4);
    expect(records[1]).toEqual([
      '1',
      '张伟',
      // The 17th digit of the ID number: 1, odd, a man.
      '男',
      masked(ids[0]!),
      '慈溪市某某建设工程有限公司',
      '工程师（中级）',
      '建设工程',
      '审核通过',
      '2021-10-11至2021-10-15',
    ]);
    expect(records[2]![2]).toBe('女');
    expect(records[2]![4]).toBe('宁波"甬兴",工程\r\n咨询有限公司');
    for (const [i, id] of ids.entries()) {
      expect(records[i + 1]![3]).toBe(masked(id));
      expect(csv).not.toContain(id);
    }
  });

  it('turns a cell Excel would run as a formula into text', () => {
    const records: string[][] = parse(publicityListCsv(list()), { bom: true });
    expect(records[3]![4]).toBe(`'=HYPERLINK("http://evil.example","点击")`);
  });

  it('heads the result column by the stage', () => {
    const records: string[][] = parse(publicityListCsv(list({ stage: 'result' })), { bom: true });
    expect(records[0]![7]).toBe('评审结果');
  });
});

describe('publicityListHtml', () => {
  it('is a self-contained page with the title, the period, where to object and a row per entry', () => {
    const html = publicityListHtml(list());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('2021年度工程系列中级专业技术职务任职资格（建设工程）资格审查公示');
    expect(html).toContain('2021年10月11日至2021年10月15日');
    expect(html).toContain('慈溪市人力资源和社会保障局615办公室，电话63938300');
    expect(html.match(/<tr><td>/g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
  });

  it('escapes every value and shows masked ID numbers only', () => {
    const html = publicityListHtml(
      list({
        objectionsTo: '<b>办公室</b>',
        entries: [{ name: '<script>alert("x")</script>', idNumber: ids[0]!, unitName: `O'Brien & Sons`, result: '通过' }],
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('O&#39;Brien &amp; Sons');
    expect(html).toContain('&lt;b&gt;办公室&lt;/b&gt;');
    expect(html).toContain(masked(ids[0]!));
    expect(html).not.toContain(ids[0]!);
  });

  it('says so when nobody is in the publicity', () => {
    expect(publicityListHtml(list({ entries: [] }))).toContain('本期无公示对象');
  });
});
