import { render } from 'preact';
import { Diagnose } from '../../popup/Diagnose';
import { Launcher } from '../../popup/Launcher';
import '../../popup/popup.css';

// `?tab=<id>` diagnoses that tab (support opens popup.html in a tab of its own); else the active tab.
const tab = new URLSearchParams(location.search).get('tab');
render(
  <main>
    <Launcher inTab={tab !== null} />
    <Diagnose tabId={tab ? Number(tab) : null} />
  </main>,
  document.getElementById('app')!,
);
