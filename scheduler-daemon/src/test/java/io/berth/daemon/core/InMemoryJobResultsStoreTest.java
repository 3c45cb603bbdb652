package io.berth.daemon.core;

class InMemoryJobResultsStoreTest extends JobResultsStoreContract {
    @Override
    protected JobResultsStore store() {
        return new InMemoryJobResultsStore();
    }
}
