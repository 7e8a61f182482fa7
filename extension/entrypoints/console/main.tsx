import { render } from 'preact';
import { Console } from '../../console/Console';
import 'uplot/dist/uPlot.min.css';
import '../../console/console.css';

render(<Console />, document.getElementById('app')!);
