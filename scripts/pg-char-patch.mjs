// The schema engine's catalog queries return Postgres' internal "char" type (oid 18), which
// @prisma/adapter-pg cannot map. Read it as text. Used only by the offline migration tool.
import pg from "pg";

const fix = (res) => {
  for (const r of Array.isArray(res) ? res : [res])
    for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
  return res;
};
const orig = pg.Client.prototype.query;
if (!orig.__charPatched) {
  pg.Client.prototype.query = function (...args) {
    const i = args.findIndex((a) => typeof a === "function");
    if (i >= 0) {
      const cb = args[i];
      args[i] = (e, r) => cb(e, e ? r : fix(r));
      return orig.apply(this, args);
    }
    if (args[0] && typeof args[0].callback === "function") {
      const cb = args[0].callback;
      args[0].callback = (e, r) => cb(e, e ? r : fix(r));
      return orig.apply(this, args);
    }
    const r = orig.apply(this, args);
    return r && typeof r.then === "function" ? r.then(fix) : r;
  };
  pg.Client.prototype.query.__charPatched = true;
}
