package io.berth.daemon.core;

class InMemoryJobStoreTest extends JobStoreContract {
    @Override
    protected JobStore store() {
        return new InMemoryJobStore();
    }
}
