// Keeps the phone awake while a stream is live.
export function keepScreenOn(on: boolean): void {
  uni.setKeepScreenOn({ keepScreenOn: on, fail: () => undefined })
}
