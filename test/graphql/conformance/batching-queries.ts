/** The queries whose datastore calls (and, over MySQL, statements) the batching tests count. */

/** Three relation fields, one per level. */
export const NESTED = '{ departments { employees { workspace { location { city } } } } }';

/** Root fields and aliases that reach the same relations: shared lookups must cost one call. */
export const ALIASES = `{
  a: employee(empNo: "E00001") { department { deptName } }
  b: employee(empNo: "E00002") { department { deptName } }
  departments {
    first: employees(limit: 2, orderBy: [{ empNo: DESC }]) { workspace { workspaceId } }
    women: employees(where: { gender: { eq: FEMALE } }) { department { deptNo } }
  }
}`;
