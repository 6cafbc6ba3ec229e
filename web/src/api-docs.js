// The API reference at /api/docs: Swagger UI over docs/openapi.yaml, which the server serves at
// /api/openapi.yaml. Reading only: "Try it out" is off, so the page sends nothing but its own
// fetch of the document.
import SwaggerUIBundle from 'swagger-ui-dist/swagger-ui-es-bundle.js';
import 'swagger-ui-dist/swagger-ui.css';

SwaggerUIBundle({
  url: '/api/openapi.yaml',
  dom_id: '#swagger',
  deepLinking: true,
  supportedSubmitMethods: [],
  defaultModelsExpandDepth: 0,
});
