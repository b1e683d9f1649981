package io.emarsysdest.testkit.datamap;

import io.emarsysdest.core.datamap.DataMapRepository;
import io.emarsysdest.core.datamap.InMemoryDataMapRepository;

class InMemoryDataMapRepositoryTest extends DataMapRepositoryContract {
    @Override
    protected DataMapRepository repository() {
        return new InMemoryDataMapRepository();
    }
}
