import { render } from 'preact';
import { SignIn } from './SignIn';
import './options.css';

render(<SignIn />, document.getElementById('app')!);
