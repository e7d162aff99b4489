/** Last line of defence: a render error anywhere below shows the error panel instead of a blank page. */
import { Component, type ComponentChildren } from 'preact';
import { ErrorPanel } from '../ErrorPanel/ErrorPanel';

interface State {
  error: unknown;
}

export class ErrorBoundary extends Component<{ children: ComponentChildren; onReset?: () => void }, State> {
  override state: State = { error: undefined };

  static override getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown): void {
    console.error('UI error', error);
  }

  private readonly reset = (): void => {
    this.setState({ error: undefined });
    this.props.onReset?.();
  };

  override render() {
    if (this.state.error !== undefined) return <ErrorPanel error={this.state.error} onBack={this.reset} />;
    return this.props.children;
  }
}
