import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createBridge } from './bridge';
import { reportGlobalErrors } from './components/ErrorBoundary';
import './styles.css';

reportGlobalErrors(window);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App bridge={createBridge()} />
    </StrictMode>,
  );
}
