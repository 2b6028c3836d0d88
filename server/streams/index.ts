import type { StreamConfig } from '../config.ts'
import { RtmpStreamUrls } from './rtmp.ts'
import { TencentStreamUrls } from './tencent.ts'
import type { StreamUrlPolicy } from './types.ts'

export function createStreamUrlPolicy(cfg: StreamConfig): StreamUrlPolicy {
  return cfg.mode === 'tencent' ? new TencentStreamUrls(cfg) : new RtmpStreamUrls(cfg)
}
