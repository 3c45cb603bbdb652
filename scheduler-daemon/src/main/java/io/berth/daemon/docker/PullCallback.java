package io.berth.daemon.docker;

import com.github.dockerjava.api.model.PullResponseItem;

/** Follows a pull's progress stream; once it has begun, the engine reports failure as an item, not a status. */
final class PullCallback extends StreamCallback<PullResponseItem> {
    @Override
    public void onNext(PullResponseItem item) {
        if (item.isErrorIndicated()) {
            onError(new IllegalStateException(item.getError()));
        }
    }
}
