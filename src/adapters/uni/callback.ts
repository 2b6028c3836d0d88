// uni's callback-style APIs as promises, with WeChat's `errMsg` kept as the error text.

export interface CallbackOptions<T> {
  success?: (result: T) => void
  fail?: (error: { errMsg?: string }) => void
}

export class UniApiError extends Error {
  constructor(
    readonly api: string,
    readonly errMsg: string,
  ) {
    super(`${api}: ${errMsg}`)
    this.name = 'UniApiError'
  }
}

export function callUni<T, O extends object = object>(
  api: string,
  fn: (options: O & CallbackOptions<T>) => unknown,
  options: O = {} as O,
): Promise<T> {
  return new Promise((resolve, reject) => {
    fn({
      ...options,
      success: (result: T) => resolve(result),
      fail: (error: { errMsg?: string }) => reject(new UniApiError(api, error?.errMsg ?? 'fail')),
    })
  })
}
