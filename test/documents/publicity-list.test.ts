import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type PublicityList, publicityListCsv, publicityListHtml } from '../../src/documents/publicity-list';
import { renderPublicityList } from '../../src/documents/publicity-list-pdf';
import { idNumberFor } from '../support/factories';
import { A4, readPdf } from './pdf-reader';

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
    expect(html.match(/<tr><td data-label="序号">/g)).toHaveLength(3);
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

describe('renderPublicityList', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      name: `申报人${i + 1}`,
      idNumber: idNumberFor(100 + i),
      unitName: '慈溪市某某建设工程有限公司',
      result: '评审通过',
    }));

  it('is A4 landscape with the period, where to send objections, and the publisher with the first day', async () => {
    const pdf = await readPdf(await renderPublicityList(list()));
    expect(pdf.pageSizes).toEqual([{ width: A4.height, height: A4.width }]);
    const [text] = pdf.pageTexts;
    for (const expected of [
      '2021年度工程系列中级专业技术职务任职资格（建设工程）资格审查公示',
      '公示期为2021年10月11日至2021年10月15日（5个工作日）',
      '公示期内如有异议，请向慈溪市人力资源和社会保障局615办公室，电话63938300反映',
      '慈溪市工程技术人员中级专业技术职务任职资格评审委员会办公室2021年10月11日',
      '第1页共1页',
    ])
      expect(text).toContain(expected);
    for (const id of ids) {
      expect(text).toContain(masked(id));
      expect(text).not.toContain(id);
    }
  });

  it('repeats the table header and numbers every page of a long list', async () => {
    const pdf = await readPdf(await renderPublicityList(list({ stage: 'result', entries: many(60) })));
    expect(pdf.pageTexts.length).toBeGreaterThan(2);
    const pages = pdf.pageTexts.length;
    pdf.pageTexts.forEach((text, i) => {
      expect(text).toContain('序号姓名性别身份证号码工作单位申报资格申报专业评审结果公示期');
      expect(text).toContain(`第${i + 1}页共${pages}页`);
    });
    // Every row once, in order, across the pages.
    const all = pdf.pageTexts.join('');
    const positions = many(60).map((e) => all.indexOf(masked(e.idNumber)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
