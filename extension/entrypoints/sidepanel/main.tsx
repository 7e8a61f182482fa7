import { render } from 'preact';
import { Approvals } from '../../sidepanel/Approvals';
import '../../sidepanel/sidepanel.css';

render(<Approvals />, document.getElementById('app')!);
