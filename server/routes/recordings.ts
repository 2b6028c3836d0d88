// Recordings of rooms created with `record`: a room's (anyone logged in may replay it) or the
// caller's own; only the creator deletes one.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCode } from '@liveroom/protocol/errors'
import { CodedError } from '../errors.ts'
import type { Recorder } from '../media/recorder.ts'
import { ROOM_ROUTE_DEPENDENCIES, roomRoute } from './define.ts'

const recordingRoutes: FastifyPluginAsync<{ recorder?: Recorder }> = async (app, { recorder }) => {
  const enabled = (): Recorder => {
    if (!recorder) throw new CodedError(ErrorCode.RECORDING_NOT_CONFIGURED)
    return recorder
  }
  roomRoute(app, 'get_recordings', (req) => ({
    recordings: enabled().list(req.body.roomID !== undefined ? { roomID: req.body.roomID } : { roomCreator: req.userID }),
  }))
  roomRoute(app, 'delete_recording', async (req) => {
    const r = enabled()
    const creator = r.creatorOf(req.body.recordingID)
    if (creator === undefined) throw new CodedError(ErrorCode.RECORDING_NOT_FOUND)
    if (creator !== req.userID) throw new CodedError(ErrorCode.NOT_ROOM_CREATOR)
    await r.delete(req.body.recordingID)
    return {}
  })
}

export default fp(recordingRoutes, { name: 'recording-routes', dependencies: ROOM_ROUTE_DEPENDENCIES, encapsulate: true })
