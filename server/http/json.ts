// The `json-body` plugin. Request bodies: JSON only, with Fastify's parser (prototype-poisoning
// safe), except that an empty body is `{}`: mini-program clients post calls such as logout with a
// JSON content type and nothing in it. A plugin takes the parsers in force when it is
// registered: route plugins list `json-body` among their dependencies.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'

const jsonBody: FastifyPluginAsync = async (app) => {
  // The room API speaks JSON only; other bodies get 415 rather than a confusing schema error.
  app.removeContentTypeParser('text/plain')
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') {
      done(null, {})
      return
    }
    parse(req, text, done)
  })
}

export default fp(jsonBody, { name: 'json-body' })
