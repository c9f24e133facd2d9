import type postgres from 'postgres';
import { initialTransition } from 'xstate';
import { applicationMachine } from '../machines/application';
import { persist } from '../machines/states';
import { sampleFacts, sampleIdNumber } from '../src/demo/samples';

// A season's worth of data many times over, written by SQL (generate_series) rather than
// through the API, so a million applications take minutes, not hours. Each row carries a
// real snapshot (the context of a sample application, its name and publicity set per row),
// so rows are as wide as the service's own.

export const PLANS = 20;
export const UNITS = 2000;
export const planIdOf = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
export const unitIdOf = (n: number) => `U-BENCH-${String(n).padStart(4, '0')}`;

// Common surnames repeated by rough frequency, and given-name characters.
const SURNAMES =
  '王王王李李李张张张刘刘陈陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华红玉萍鹏辉建文斌宇浩凯健俊帆帅旭宁波峰亮成林';

/**
 * One state per row, in proportions of a bureau with years of history: mostly certified or
 * closed. Plan, unit and state are drawn independently of each other (hashes of the row number).
 */
const STATE_BY_PERMILLE = `case
  when p < 40 then 'draft' when p < 70 then 'submitted' when p < 90 then 'unitPublicity'
  when p < 110 then 'municipalAudit' when p < 130 then 'paperSubmission' when p < 145 then 'qualificationPublicity'
  when p < 165 then 'feePayment' when p < 175 then 'interview.awaitingSchedule' when p < 185 then 'interview.scheduled'
  when p < 195 then 'interview.deliberation' when p < 205 then 'resultPublicity' when p < 700 then 'certified'
  when p < 800 then 'withdrawn' when p < 950 then 'rejected' when p < 985 then 'abandoned'
  when p < 995 then 'falsified' else 'revoked' end`;

/**
 * States clustered in id (creation) order, as a bureau's table is after years: the oldest 90 %
 * certified or closed, the newest 10 % in progress — the distribution that turns a filter over
 * the primary key's order into a scan of everything old, unless an index serves it.
 */
const clusteredPermille = (rows: number) =>
  `case when g >= ${Math.floor(rows * 0.9)} then (hashint8(g) & 2147483647) % 205 else 205 + (hashint8(g) & 2147483647) % 795 end`;

export async function seed(sql: postgres.Sql, rows: number, log: (line: string) => void, clustered = false): Promise<void> {
  // The service's statement timeout is for requests; a million-row insert may outlast it.
  await sql.unsafe('set statement_timeout = 0');
  const year = 2021;
  const input = {
    applicationId: 'x',
    idNumber: sampleIdNumber(0),
    unitId: unitIdOf(0),
    facts: sampleFacts('张伟', sampleIdNumber(0), year),
    materials: [],
  };
  const plan = {
    id: planIdOf(0),
    year,
    level: 'junior' as const,
    specialty: '建设工程',
    opensAt: '2021-01-01',
    closesAt: '2021-12-31',
    fee: 100,
    scoringItems: [],
    intermediateRoutes: [],
  };
  const template = JSON.stringify(persist(initialTransition(applicationMachine, { ...input, plan })[0]));

  await sql.unsafe(`insert into plans (id, year, level, specialty, opens_at, closes_at, fee, scoring_items, intermediate_routes, created_by, created_at)
    select ('00000000-0000-7000-8000-' || lpad(g::text, 12, '0'))::uuid, 2017 + g / 2, case when g % 2 = 0 then 'junior' else 'intermediate' end,
      '建设工程', make_date(2017 + g / 2, 1, 1), make_date(2017 + g / 2, 12, 31), case when g % 2 = 0 then 100 else 180 end, '[]', '[]', 'bench', now()
    from generate_series(0, ${PLANS - 1}) g`);
  await sql.unsafe(`insert into units (id, name, in_cixi, unit_type, created_by, created_at, updated_by, updated_at)
    select 'U-BENCH-' || lpad(g::text, 4, '0'), '慈溪市第' || g || '工程有限公司', true, 'enterprise', 'bench', now(), 'bench', now()
    from generate_series(0, ${UNITS - 1}) g`);

  const chunk = 100_000;
  for (let from = 0; from < rows; from += chunk) {
    const to = Math.min(rows, from + chunk) - 1;
    const started = performance.now();
    await sql.unsafe(
      `with s as (
        select g, ${clustered ? clusteredPermille(rows) : '(hashint8(g) & 2147483647) % 1000'} as p,
          timestamptz '2017-01-01 00:00:00+08' + g * (interval '1 second' * (${Math.floor((10 * 365 * 86400) / rows)})) as created,
          '330282' || to_char(date '1965-01-01' + (g / 1000)::int, 'YYYYMMDD') || lpad((g % 1000)::text, 3, '0') as f17,
          substr($2::text, (1 + (g * 13) % char_length($2::text))::int, 1) || substr($3::text, (1 + (g * 17) % char_length($3::text))::int, 1)
            || case when g % 3 = 0 then '' else substr($3::text, (1 + (g * 19) % char_length($3::text))::int, 1) end as name
        from generate_series(${from}::bigint, ${to}::bigint) g),
      r as (
        select s.*, ${STATE_BY_PERMILLE} as state,
          f17 || substr('10X98765432', 1 + (select sum(substr(f17, k, 1)::int * (array[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[k]) from generate_series(1, 17) k)::int % 11, 1) as id_number,
          lpad(to_hex((extract(epoch from created) * 1000)::bigint), 12, '0') as ms
        from s)
      insert into applications (id, plan_id, id_number, unit_id, state, snapshot, version, created_at, updated_at)
      select (substr(ms, 1, 8) || '-' || substr(ms, 9, 4) || '-7' || lpad(to_hex(g % 4096), 3, '0') || '-8' || substr(md5(g::text), 1, 3) || '-' || substr(md5(g::text), 4, 12))::uuid,
        ('00000000-0000-7000-8000-' || lpad((g % ${PLANS})::text, 12, '0'))::uuid, id_number,
        'U-BENCH-' || lpad(((hashint8(g + ${rows}) & 2147483647) % ${UNITS})::text, 4, '0'), state,
        jsonb_set(jsonb_set(jsonb_set($1::text::jsonb, '{context,facts,name}', to_jsonb(name)), '{context,idNumber}', to_jsonb(id_number)),
          '{context,publicity}', case when state in ('qualificationPublicity', 'resultPublicity')
            then jsonb_build_object('startedAt', to_char((created + interval '33 days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'endsAt', to_char((created + interval '40 days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'objections', '[]'::jsonb)
            else 'null'::jsonb end),
        (g % 12), created, created + ((g * 7919) % 8000000) * interval '1 second'
      from r`,
      [template, SURNAMES, GIVEN],
    );
    log(`  seeded ${to + 1} rows (${((performance.now() - started) / 1000).toFixed(1)} s for the last ${to - from + 1})`);
  }
  // The same as migration 0004: the kept counts start from the rows just written.
  await sql.unsafe(`insert into state_counts (plan_id, unit_id, state, count)
    select plan_id, unit_id, state, count(*) from applications group by plan_id, unit_id, state
    union all select plan_id, null, state, count(*) from applications group by plan_id, state`);
  await sql.unsafe('vacuum analyze');
}
