// The composition root: the app, its stores and the clients every page uses, made once.
import { createSSRApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { appConfig } from './config'
import { createServices, provideServices } from './app/services'

export function createApp() {
  const app = createSSRApp(App)
  app.use(createPinia())
  provideServices(app, createServices(appConfig))
  return { app }
}
