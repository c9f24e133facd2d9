import { z } from 'zod';
import { entry, inState, instant } from './entry';

/** Refusals of uploaded files and of the documents the service issues. */
export const documentsErrors = {
  FILE_TOO_LARGE: entry(413, 'File too large', '上传文件超过大小限制', 'The upload exceeds a size limit', {
    /** Which limit: one file, or all of an application's materials together. */
    limit: z.enum(['file', 'application']),
    limitBytes: z.number().int(),
  }),
  FILE_TYPE_NOT_ALLOWED: entry(
    415,
    'File type not allowed',
    '仅接受PDF、JPEG或PNG格式的扫描件',
    'Only PDF, JPEG or PNG scans are accepted (judged by content)',
    { accepted: z.array(z.string()) },
  ),
  REVIEW_FORM_NOT_READY: entry(
    409,
    'Review form not ready',
    '市人社部门审核通过后方可导出评审表',
    'The review form exists once the municipal audit has approved the application',
    inState,
  ),
  CERTIFICATE_REVOKED: entry(410, 'Certificate revoked', '该证书已被取消', 'This certificate has been revoked', {
    number: z.string(),
    revokedAt: instant,
  }),
} as const;
