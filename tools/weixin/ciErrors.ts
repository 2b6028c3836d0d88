// What went wrong talking to WeChat, said so that the reader knows what to do. miniprogram-ci
// wraps server answers as `Error: {"errCode":…,"errMsg":…}` inside its own CodeError (20001 while
// getting a nonce to sign with, 20003 on upload), and lets network errors through as they are.

const NETWORK_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']
const UPLOAD_SETTINGS = 'mp.weixin.qq.com → 开发管理 → 开发设置 → 小程序代码上传'

function textOf(err: unknown): string {
  if (err instanceof Error) return `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`
  return String(err)
}

/** One or two lines for the user; the raw error is kept at the end for reference. */
export function explainCiError(err: unknown): string {
  const text = textOf(err)
  const raw = err instanceof Error ? err.message : String(err)

  const ip = /invalid ip:?\s*([0-9a-fA-F:.]+)/.exec(text)
  if (ip || /"errCode":\s*-10008\b/.test(text)) {
    return `WeChat refused this machine's IP address${ip ? ` ${ip[1]}` : ''}: add it to the IP whitelist (${UPLOAD_SETTINGS} → IP白名单), or turn the whitelist off there. Nothing was uploaded.\n  (${raw})`
  }
  const network = NETWORK_CODES.find((code) => text.includes(code))
  if (network) {
    return `Cannot reach WeChat's servers (servicewechat.com, ${network}): preview and upload need HTTPS to servicewechat.com; behind a proxy set HTTPS_PROXY. Nothing was uploaded.\n  (${raw})`
  }
  if (/GENERATE_LOCAL_SIGNATURE|generate local signature|privateEncrypt/i.test(text)) {
    return `The code-upload key could not sign the request: check WX_UPLOAD_KEY is the private.<appid>.key downloaded for this AppID (${UPLOAD_SETTINGS}).\n  (${raw})`
  }
  const server = /"errCode":\s*(-?\d+)\s*,\s*"errMsg":\s*"([^"]*)"/.exec(text)
  if (server) {
    return `WeChat refused the request (errCode ${server[1]}: ${server[2]}): check that WX_APPID and WX_UPLOAD_KEY belong to the same mini-program and the key was not reset since (${UPLOAD_SETTINGS}).`
  }
  return `miniprogram-ci failed: ${raw}`
}
