/**
 * The normalizing client caches with the configuration `persist generate` writes
 * (src/generated/store/cache-config.ts), against the real server over HTTP: Apollo Client 4's
 * InMemoryCache with `typePolicies` and urql Graphcache with `keys`. A list read once is updated
 * by a mutation's answer without a refetch, for a single key (Department) and a composite one
 * (OrderItem). The control: without the policies Apollo's list stays stale.
 */
import type { Server } from 'node:http';
import { ApolloClient, HttpLink, InMemoryCache, gql, type TypedDocumentNode } from '@apollo/client';
import { Client as UrqlClient, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { createServer } from '../../src/server/index.js';
import { keys, typePolicies } from '../../src/generated/store/cache-config.js';
import { closeHttpServer, listenLoopback } from '../support/http-server.js';
import { loadModel } from '../support/models.js';

const model = loadModel('rainier');
let http: Server;
let url: string;
let posts = 0;
let gets = 0;

type Department = { __typename: 'Department'; deptNo: string; deptName: string };
type OrderItem = { __typename: 'OrderItem'; orderId: string; itemId: string; quantity: number };

const DEPARTMENTS: TypedDocumentNode<{ departments: Department[] }> = gql`
  query Departments {
    departments(orderBy: [{ deptNo: ASC }]) {
      deptNo
      deptName
    }
  }
`;
const RENAME = gql`
  mutation Rename($deptNo: String!, $name: String!) {
    updateDepartment(deptNo: $deptNo, data: { deptName: $name }) {
      deptNo
      deptName
    }
  }
`;
const ITEMS: TypedDocumentNode<{ orderItems: OrderItem[] }> = gql`
  query Items {
    orderItems(orderBy: [{ orderId: ASC }, { itemId: ASC }]) {
      orderId
      itemId
      quantity
    }
  }
`;
const SET_QUANTITY = gql`
  mutation SetQuantity($orderId: String!, $itemId: String!, $quantity: Int!) {
    updateOrderItem(orderId: $orderId, itemId: $itemId, data: { quantity: $quantity }) {
      orderId
      itemId
      quantity
    }
  }
`;

function client(withPolicies: boolean): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: url }),
    cache: new InMemoryCache(withPolicies ? { typePolicies } : {}),
  });
}

beforeAll(async () => {
  const datastore = await createDatastore(model, { datastore: 'inmemory' });
  const server = createServer({ model, datastore, logging: false });
  const listening = await listenLoopback((req, res) => {
    if (req.method === 'POST') posts++;
    if (req.method === 'GET') gets++;
    server.handler(req, res);
  });
  http = listening.server;
  url = `${listening.origin}/graphql`;
  const seed = client(false);
  await seed.mutate({
    mutation: gql`
      mutation Seed {
        createDepartments(data: [{ deptNo: "D1", deptName: "Engineering" }, { deptNo: "D2", deptName: "Sales" }]) {
          deptNo
        }
        createOrderItems(
          data: [{ orderId: "O1", itemId: "I1", quantity: 1, notes: "" }, { orderId: "O1", itemId: "I2", quantity: 2, notes: "" }]
        ) {
          orderId
        }
      }
    `,
  });
});

afterAll(async () => {
  await closeHttpServer(http);
});

describe('Apollo InMemoryCache with the generated typePolicies', () => {
  it('updates a list after a mutation on a single-key entity, without a refetch', async () => {
    const apollo = client(true);
    const first = await apollo.query({ query: DEPARTMENTS });
    expect(first.data).toEqual({
      departments: [
        { __typename: 'Department', deptNo: 'D1', deptName: 'Engineering' },
        { __typename: 'Department', deptNo: 'D2', deptName: 'Sales' },
      ],
    });
    expect(apollo.cache.identify({ __typename: 'Department', deptNo: 'D2' })).toBe('Department:{"deptNo":"D2"}');
    const before = posts;
    await apollo.mutate({ mutation: RENAME, variables: { deptNo: 'D2', name: 'Sales & Marketing' } });
    const after = await apollo.query({ query: DEPARTMENTS, fetchPolicy: 'cache-only' });
    expect(after.data?.departments).toEqual([
      { __typename: 'Department', deptNo: 'D1', deptName: 'Engineering' },
      { __typename: 'Department', deptNo: 'D2', deptName: 'Sales & Marketing' },
    ]);
    // One request: the mutation. The list came from the cache.
    expect(posts - before).toBe(1);
    await apollo.mutate({ mutation: RENAME, variables: { deptNo: 'D2', name: 'Sales' } });
  });

  it('normalizes a composite key by both fields', async () => {
    const apollo = client(true);
    await apollo.query({ query: ITEMS });
    expect(Object.keys(apollo.cache.extract() as Record<string, unknown>).filter((k) => k.startsWith('OrderItem:'))).toEqual([
      'OrderItem:{"orderId":"O1","itemId":"I1"}',
      'OrderItem:{"orderId":"O1","itemId":"I2"}',
    ]);
    await apollo.mutate({ mutation: SET_QUANTITY, variables: { orderId: 'O1', itemId: 'I2', quantity: 7 } });
    const after = await apollo.query({ query: ITEMS, fetchPolicy: 'cache-only' });
    expect(after.data?.orderItems.map((i) => i.quantity)).toEqual([1, 7]);
  });

  it('control: without the policies the list stays stale (Apollo normalizes by id, which these queries do not select)', async () => {
    const apollo = client(false);
    await apollo.query({ query: DEPARTMENTS });
    await apollo.mutate({ mutation: RENAME, variables: { deptNo: 'D1', name: 'R&D' } });
    const after = await apollo.query({ query: DEPARTMENTS, fetchPolicy: 'cache-only' });
    expect(after.data?.departments[0]?.deptName).toBe('Engineering');
    await apollo.mutate({ mutation: RENAME, variables: { deptNo: 'D1', name: 'Engineering' } });
  });
});

describe('urql Graphcache with the generated keys', () => {
  function urql(withKeys: boolean): UrqlClient {
    return new UrqlClient({ url, exchanges: [cacheExchange(withKeys ? { keys } : {}), fetchExchange] });
  }

  it('updates a list after a mutation, without a refetch', async () => {
    const client = urql(true);
    expect((await client.query(DEPARTMENTS, {}).toPromise()).data?.departments.map((d) => d.deptName)).toEqual(['Engineering', 'Sales']);
    const before = posts + gets;
    await client.mutation(RENAME, { deptNo: 'D2', name: 'Field Sales' }).toPromise();
    const after = await client.query(DEPARTMENTS, {}, { requestPolicy: 'cache-only' }).toPromise();
    expect(after.data?.departments.map((d) => d.deptName)).toEqual(['Engineering', 'Field Sales']);
    expect(posts + gets - before).toBe(1);
    await client.mutation(RENAME, { deptNo: 'D2', name: 'Sales' }).toPromise();
  });

  it('normalizes a composite key by both fields', async () => {
    const client = urql(true);
    await client.query(ITEMS, {}).toPromise();
    await client.mutation(SET_QUANTITY, { orderId: 'O1', itemId: 'I1', quantity: 5 }).toPromise();
    const after = await client.query(ITEMS, {}, { requestPolicy: 'cache-only' }).toPromise();
    expect(after.data?.orderItems.find((i) => i.itemId === 'I1')?.quantity).toBe(5);
  });
});
