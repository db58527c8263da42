// Generated keys (`@sql:Generated`): the datastore numbers accounts and entries.
import ballerina/persist as _;
import ballerinax/persist.sql;

type Account record {|
    @sql:Generated
    readonly int id;
    string owner;
    Entry[] entries;
|};

type Entry record {|
    @sql:Generated
    readonly int id;
    decimal amount;
    string? memo;
    Account account;
|};
