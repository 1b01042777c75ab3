import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { getCurrentLanguage, initI18n } from './app/i18n.ts';
import { setApiLanguageSource } from './shared/api.ts';

initI18n();
setApiLanguageSource(getCurrentLanguage);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
