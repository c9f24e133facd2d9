// What the API answers, for the OpenAPI document and for the type checker: a handler
// that returns something else does not compile, and the tests parse real answers with these.
// One file per part of the API; the shapes they share are in common.ts.
export { ApplicationPage, ApplicationView, MaterialFile, MaterialList, TransitionResult, Upload } from './applications';
export { CreationHeaders, countedPage, Problem, page } from './common';
export { asHistoryItem, FeedPage, History } from './history';
export { BulkResult, IdlePage, MessageIncident, Publicity, Stats, TimerIncident } from './operations';
export { AuditEntry, Ban, BanRow, CalendarYear, Certificate, PlanRecord, UnitRecord } from './registers';
