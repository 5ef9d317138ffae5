"use client";

import { createContext, useContext } from "react";
import type { BuilderDataDto } from "@/lib/workflows/builder-data";
import type { Route, Side } from "@/lib/workflows/routing";
import type { Problem } from "@/lib/workflows/validate";
import { KeyedStore } from "./keyed-store";

export type BuilderStores = {
  routes: KeyedStore<Route>;
  exitSides: KeyedStore<Side>;
  problems: KeyedStore<Problem[]>;
};

const sameProblems = (a: Problem[], b: Problem[]) =>
  a.length === b.length && a.every((p, i) => p.code === b[i]?.code && p.message === b[i]?.message);

export function createStores(): BuilderStores {
  return {
    routes: new KeyedStore<Route>(
      (a, b) =>
        a.sourceSide === b.sourceSide &&
        a.targetSide === b.targetSide &&
        a.sx === b.sx &&
        a.sy === b.sy &&
        a.tx === b.tx &&
        a.ty === b.ty &&
        a.backward === b.backward &&
        a.lane === b.lane,
    ),
    exitSides: new KeyedStore<Side>(),
    problems: new KeyedStore<Problem[]>(sameProblems),
  };
}

export type BuilderContextValue = {
  projectId: string;
  stores: BuilderStores;
  data: BuilderDataDto;
  readOnly: boolean;
};

export const BuilderContext = createContext<BuilderContextValue | null>(null);

export function useBuilderContext(): BuilderContextValue {
  const ctx = useContext(BuilderContext);
  if (!ctx) throw new Error("BuilderContext missing");
  return ctx;
}
