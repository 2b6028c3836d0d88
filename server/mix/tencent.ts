// Mixing through Tencent Cloud Live API 3.0 (CreateCommonMixStream / CancelCommonMixStream),
// signed and sent by the SDK's CommonClient.
import { createHash } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { CommonClient } from 'tencentcloud-sdk-nodejs-common'
import type { MixConfig } from '../config.ts'
import type { MixWindow } from './layout.ts'
import { MixUpstreamError, type StreamMixer } from './types.ts'

export const LIVE_API_VERSION = '2018-08-01'

/** Session IDs allow letters, digits and `_` only (80 bytes at most). */
export function mixSessionId(outputStream: string): string {
  return `mix_${createHash('sha256').update(outputStream).digest('hex').slice(0, 40)}`
}

export interface CommonMixInputParam {
  InputStreamName: string
  LayoutParams: {
    ImageLayer: number
    InputType: number
    ImageWidth: number
    ImageHeight: number
    LocationX: number
    LocationY: number
  }
}

export interface CreateCommonMixStreamParams {
  MixStreamSessionId: string
  InputStreamList: CommonMixInputParam[]
  OutputParams: { OutputStreamName: string; OutputStreamType: number }
}

/**
 * LayoutParams.InputType of a stream input: 0 mixes its audio and video, 5 its video only (a muted
 * co-anchor). See CommonMixInputParam in Live API 3.0 (0 音视频, 4 纯音频, 5 纯视频).
 */
const INPUT_AUDIO_VIDEO = 0
const INPUT_VIDEO_ONLY = 5

export function createMixParams(outputStream: string, windows: readonly MixWindow[]): CreateCommonMixStreamParams {
  return {
    MixStreamSessionId: mixSessionId(outputStream),
    InputStreamList: windows.map((w) => ({
      InputStreamName: w.streamId,
      LayoutParams: {
        ImageLayer: w.layer,
        InputType: w.audioMuted ? INPUT_VIDEO_ONLY : INPUT_AUDIO_VIDEO,
        ImageWidth: w.width,
        ImageHeight: w.height,
        LocationX: w.x,
        LocationY: w.y,
      },
    })),
    // 0: the output stream is one of the inputs (the creator's), so viewers keep their URL.
    OutputParams: { OutputStreamName: outputStream, OutputStreamType: 0 },
  }
}

function describe(err: unknown): MixUpstreamError {
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code
    return new MixUpstreamError(err.message, typeof code === 'string' ? code : undefined)
  }
  return new MixUpstreamError(String(err))
}

export class TencentCloudMixer implements StreamMixer {
  /** The SDK is loaded on the first call: a service that mixes elsewhere never pays for loading it. */
  private client?: Promise<CommonClient>
  /** What this process last asked Tencent to mix (a mix from before a restart is not known). */
  private readonly mixes = new Map<string, readonly MixWindow[]>()

  constructor(private readonly cfg: MixConfig) {}

  private connect(): Promise<CommonClient> {
    const { cfg } = this
    this.client ??= import('tencentcloud-sdk-nodejs-common').then(
      ({ CommonClient }) =>
        new CommonClient(cfg.endpoint, LIVE_API_VERSION, {
          credential: { secretId: cfg.secretId, secretKey: cfg.secretKey },
          region: cfg.region,
          profile: {
            httpProfile: {
              endpoint: cfg.endpoint,
              protocol: cfg.protocol,
              reqTimeout: 10,
              // An explicit agent also keeps an ambient http_proxy variable from rerouting the call.
              agent: cfg.protocol === 'http://' ? new http.Agent({ keepAlive: true }) : new https.Agent({ keepAlive: true }),
            },
          },
        }),
    )
    return this.client
  }

  private async call(action: string, params: object): Promise<void> {
    try {
      await (await this.connect()).request(action, params)
    } catch (err) {
      throw describe(err)
    }
  }

  async mix(outputStream: string, windows: readonly MixWindow[]): Promise<void> {
    await this.call('CreateCommonMixStream', createMixParams(outputStream, windows))
    this.mixes.set(outputStream, windows)
  }

  async cancel(outputStream: string): Promise<void> {
    this.mixes.delete(outputStream)
    await this.call('CancelCommonMixStream', { MixStreamSessionId: mixSessionId(outputStream) })
  }

  windowsOf(mainStream: string): readonly MixWindow[] | undefined {
    return this.mixes.get(mainStream)
  }

  /** The output replaces the creator's stream (OutputStreamType 0): viewers keep their URL. */
  outputStream(mainStream: string): string {
    return mainStream
  }
}
