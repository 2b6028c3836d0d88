export { RoomServiceClient } from './client'
export { RoomServiceError } from './errors'
