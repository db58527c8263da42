// ballerina/constraint rules on fields: every datastore refuses a write that breaks one, and the
// string maxLength is the column's VARCHAR length (also of the foreign key that references it).
import ballerina/persist as _;
import ballerina/constraint;

type Author record {|
    @constraint:String {maxLength: 12, pattern: re `[a-z][a-z0-9-]*`}
    readonly string handle;
    @constraint:String {minLength: 1, maxLength: 40}
    string name;
    @constraint:String {length: 2}
    string country;
    @constraint:Int {minValue: 0, maxValue: 150}
    int age;
    @constraint:Number {minValueExclusive: 0, maxValue: 9999.99}
    decimal fee;
    @constraint:Float {minValue: -1.5, maxValueExclusive: 1.5}
    float? bias;
    Book[] books;
|};

type Book record {|
    readonly int id;
    string title;
    Author author;
|};
