//! StopProvider: cancelling in-flight work without stopping the server.
//!
//! Terraform sends `StopProvider` on Ctrl-C and expects running operations to wind down
//! while the plugin keeps answering (it still calls e.g. `ApplyResourceChange` results home
//! and may plan again). So a stop is not a shutdown: every handler gets a [`StopToken`] when it
//! starts; `StopProvider` fires the current token and puts a fresh one in its place, so work
//! started afterwards runs normally.

use std::sync::Mutex;

use tokio::sync::watch;

/// Hands out tokens and fires them.
#[derive(Debug)]
pub struct Stopper {
    current: Mutex<watch::Sender<bool>>,
}

impl Default for Stopper {
    fn default() -> Stopper {
        Stopper {
            current: Mutex::new(watch::channel(false).0),
        }
    }
}

impl Stopper {
    /// The token of operations starting now.
    pub fn token(&self) -> StopToken {
        StopToken(self.lock().subscribe())
    }

    /// Fires every token handed out so far; later tokens start unfired.
    pub fn stop(&self) {
        let mut current = self.lock();
        current.send_replace(true);
        *current = watch::channel(false).0;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, watch::Sender<bool>> {
        // The guarded code cannot panic, but a poisoned lock must not take the plugin down.
        self.current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Tells an operation whether Terraform asked it to stop.
#[derive(Clone, Debug)]
pub struct StopToken(watch::Receiver<bool>);

impl StopToken {
    /// A token that never fires (for code run outside a server, such as tests).
    pub fn never() -> StopToken {
        let (sender, receiver) = watch::channel(false);
        // Leak-free: a receiver whose sender is gone keeps its last value, `false`.
        drop(sender);
        StopToken(receiver)
    }

    /// Whether the stop has been requested.
    pub fn is_stopped(&self) -> bool {
        *self.0.borrow()
    }

    /// Completes when the stop is requested (never, if it is not).
    pub async fn stopped(&self) {
        let mut receiver = self.0.clone();
        if receiver.wait_for(|stopped| *stopped).await.is_err() {
            // The sender is gone without firing: this token can no longer fire.
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stop_fires_old_tokens_only() {
        let stopper = Stopper::default();
        let before = stopper.token();
        assert!(!before.is_stopped());
        stopper.stop();
        assert!(before.is_stopped());
        before.stopped().await;
        let after = stopper.token();
        assert!(!after.is_stopped());
        let waited =
            tokio::time::timeout(std::time::Duration::from_millis(20), after.stopped()).await;
        assert!(waited.is_err(), "a token taken after the stop fired");
    }

    #[tokio::test]
    async fn never_never_fires() {
        let token = StopToken::never();
        assert!(!token.is_stopped());
        let waited =
            tokio::time::timeout(std::time::Duration::from_millis(20), token.stopped()).await;
        assert!(waited.is_err());
    }
}
