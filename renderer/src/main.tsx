import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDefaultClient } from './api';
import { App } from './app/App';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/screens.css';

const client = createDefaultClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App client={client} onRetry={client.retryNow} />
  </StrictMode>,
);
