/** First paint: mount the app and hand it the service-worker registration. Screens load lazily from App. */
import { render } from 'preact';
import { registerServiceWorker } from './platform/service-worker';
import { App } from './ui/app/App';
import './ui/styles.css';

const root = document.getElementById('app');
if (root) render(<App registerServiceWorker={registerServiceWorker} />, root);
