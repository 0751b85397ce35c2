// Site-wide styles first, so that a screen's own stylesheet (imported by the screen) overrides them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/data.css';
import './styles/forms.css';
import './styles/decision.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDefaultClient } from './api';
import { App } from './app/App';

const client = createDefaultClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App client={client} onRetry={client.retryNow} />
  </StrictMode>,
);
