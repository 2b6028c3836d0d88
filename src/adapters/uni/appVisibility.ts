// The whole app going to the background and coming back (WeChat's onAppHide/onAppShow). Unlike a
// page's onHide, which also fires when another page of the app covers it, these mean the user
// left WeChat (or the mini-program) and returned.
export function onAppVisibility(hidden: () => void, shown: () => void): () => void {
  const onHide = () => hidden()
  const onShow = () => shown()
  uni.onAppHide(onHide)
  uni.onAppShow(onShow)
  return () => {
    uni.offAppHide(onHide)
    uni.offAppShow(onShow)
  }
}
