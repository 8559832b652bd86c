import type { Context } from 'fabric-contract-api';
import type { DataAsset, Lineage, LineageEdge, LineageNode } from './model';
import { listChildren, requireAsset } from './asset-store';

/**
 * Lineage walks. Parents come from the asset's own `derivedFrom`; children from the reverse
 * index `derived ~ parent ~ child`, so neither direction scans the registry. Both walks are
 * breadth first and bounded three ways: by depth (the caller's, at most 5), by the number of
 * children read per asset, and by the number of assets returned per direction.
 */

/** Most assets returned per direction. */
export const MAX_LINEAGE_NODES = 50;
/** Most children read per asset on the way down. */
export const MAX_CHILDREN_PER_ASSET = 20;

/** The neighbours of one asset in one direction. */
export interface Neighbours {
  /** Their IDs. */
  ids: readonly string[];
  /** Whether more neighbours exist than listed. */
  truncated: boolean;
}

/** Which way a walk goes: `up` to ancestors, `down` to descendants. */
export type Direction = 'up' | 'down';

/** Result of {@link walk}: nodes without their asset details. */
export interface WalkResult {
  /** Reached assets, breadth first. */
  nodes: Pick<LineageNode, 'id' | 'distance' | 'via'>[];
  /** Derivations among the start and the reached assets. */
  edges: LineageEdge[];
  /** Whether more lineage exists than returned. */
  truncated: boolean;
}

/**
 * Breadth-first walk from `root` up to `depth` steps. A diamond (an asset reachable two ways)
 * is returned once, at its shortest distance, with every edge between returned assets.
 */
export async function walk(
  root: string,
  depth: number,
  direction: Direction,
  neighbours: (id: string) => Promise<Neighbours>,
  maxNodes = MAX_LINEAGE_NODES,
): Promise<WalkResult> {
  const included = new Set([root]);
  const nodes: WalkResult['nodes'] = [];
  const edges = new Map<string, LineageEdge>();
  const addEdge = (from: string, to: string): void => {
    const edge = direction === 'up' ? { parent: to, child: from } : { parent: from, child: to };
    edges.set(`${edge.parent}\u0000${edge.child}`, edge);
  };
  let truncated = false;
  let frontier = [root];
  for (let distance = 1; distance <= depth && frontier.length > 0; distance += 1) {
    const next: string[] = [];
    for (const id of frontier) {
      const found = await neighbours(id);
      truncated ||= found.truncated;
      for (const neighbour of found.ids) {
        if (!included.has(neighbour)) {
          if (nodes.length >= maxNodes) {
            truncated = true;
            continue;
          }
          included.add(neighbour);
          nodes.push({ id: neighbour, distance, via: id });
          next.push(neighbour);
        }
        addEdge(id, neighbour);
      }
    }
    frontier = next;
  }
  // Tell the caller whether the lineage goes on beyond the depth asked for.
  for (const id of frontier) {
    if (truncated) break;
    truncated = (await neighbours(id)).ids.length > 0;
  }
  return { nodes, edges: [...edges.values()], truncated };
}

/** Ancestors and descendants of `root` up to `depth`, with each asset's public summary. */
export async function buildLineage(ctx: Context, root: DataAsset, depth: number): Promise<Lineage> {
  const assets = new Map<string, DataAsset>([[root.id, root]]);
  const load = async (id: string): Promise<DataAsset> => {
    let asset = assets.get(id);
    if (asset === undefined) {
      asset = await requireAsset(ctx, id);
      assets.set(id, asset);
    }
    return asset;
  };
  const up = await walk(root.id, depth, 'up', async (id) => ({
    ids: (await load(id)).derivedFrom,
    truncated: false,
  }));
  const down = await walk(root.id, depth, 'down', async (id) => {
    const children = await listChildren(ctx, id, MAX_CHILDREN_PER_ASSET);
    return { ids: children.items, truncated: children.truncated };
  });
  const describe = async (node: WalkResult['nodes'][number]): Promise<LineageNode> => {
    const asset = await load(node.id);
    return {
      ...node,
      title: asset.title,
      ownerDid: asset.ownerDid,
      classification: asset.classification,
      status: asset.status,
    };
  };
  const ancestors: LineageNode[] = [];
  for (const node of up.nodes) ancestors.push(await describe(node));
  const descendants: LineageNode[] = [];
  for (const node of down.nodes) descendants.push(await describe(node));
  return {
    id: root.id,
    depth,
    ancestors,
    descendants,
    edges: [...up.edges, ...down.edges],
    truncated: up.truncated || down.truncated,
  };
}
