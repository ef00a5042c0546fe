// Cloud pack: infrastructure destroys and applies, deploys, cluster deletes, containers, sync deletes and
// the generic destructive verbs of every other CLI.
import { describe, expect, test } from 'vitest';
import { expectAsks, expectNoDeny, expectNoFriction } from '../helpers/classify.js';

describe('terraform, tofu, terragrunt and pulumi', () => {
  test('terraform plan -destroy is a preview: no friction', async () => {
    await expectNoFriction('terraform plan -destroy -out=destroy.tfplan');
  });

  test.each([
    'terraform destroy',
    'terraform destroy -auto-approve',
    'terraform -chdir=infra destroy',
    'terraform apply -destroy',
    'terraform state rm aws_instance.x',
    'tofu destroy',
    'terragrunt destroy',
    'terragrunt run-all destroy',
    'pulumi destroy',
    'pulumi destroy --yes',
    'pulumi stack rm dev',
    'sudo terraform destroy',
    'cd infra && terraform destroy -auto-approve',
    "bash -c 'terraform destroy -auto-approve'",
    'TF_LOG=DEBUG terraform destroy',
    'TF_VAR_x="a b" terraform destroy',
  ])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'infra.destroy');
  });

  test.each(['terraform apply', 'terraform apply -auto-approve', 'pulumi up', 'pulumi up --yes', 'terraform taint aws_instance.x', 'terraform force-unlock 123'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'infra.apply');
  });

  test.each(['terraform plan', 'terraform plan -out tf.plan', 'terraform init', 'terraform fmt', 'terraform validate', 'terraform state list', 'terraform apply plan.tfplan', 'pulumi preview', 'terraform destroy --help'])(
    '%s has no friction',
    async (cmd) => {
      await expectNoFriction(cmd);
    },
  );
});

describe('kubectl and helm', () => {
  test.each([
    'kubectl delete pod x',
    'kubectl delete ns prod',
    'kubectl delete -f k8s/',
    'kubectl delete deployment api --grace-period=0 --force',
    'kubectl drain node1',
    'kubectl cordon node1',
    'kubectl apply --prune -f x/ -l app=web',
    'kubectl scale deploy api --replicas=0',
    'kubectl replace --force -f pod.yaml',
    'k delete pod x',
    'oc delete project x',
    'sudo kubectl delete pod x',
    'kubectl -n prod delete deploy api',
    'kubectl --namespace prod delete deploy api',
    'kubectl --context prod delete pod x',
    'kubectl --kubeconfig ~/.kube/prod delete svc api',
    'helm uninstall api',
    'helm delete api',
    'helm -n prod uninstall api',
  ])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'k8s.delete');
  });

  test.each([
    'kubectl rollout undo deploy/api',
    'helm rollback api 1',
    'kubectl apply -f x.yaml',
    'kubectl -n prod apply -f deploy/production.yaml',
    'kubectl apply -k overlays/prod',
    'kustomize build overlays/prod | kubectl apply -f -',
    'kubectl replace -f pod.yaml',
    'helm install api ./chart',
    'helm upgrade api ./chart',
    'helm upgrade --install api ./chart -n prod -f values-prod.yaml',
  ])('%s changes what runs in the cluster: asks', async (cmd) => {
    await expectAsks(cmd, 'infra.deploy');
  });

  test.each(['kubectl delete pod x --dry-run=none', 'kubectl delete ns staging --dry-run=false'])('%s (a dry run switched off) asks', async (cmd) => {
    await expectAsks(cmd, 'k8s.delete');
  });

  test.each([
    'kubectl get pods',
    'kubectl get pods -n prod',
    'kubectl describe pod x',
    'kubectl logs deploy/api -n prod --tail=100',
    'kubectl apply -f x.yaml --dry-run=client',
    'kubectl apply -k overlays/prod --dry-run=server',
    'kubectl diff -f k8s/',
    'kubectl delete pod x --dry-run=client',
    'kubectl delete pod x --dry-run=server',
    'kubectl delete --help',
    'kubectl port-forward svc/api 8080:80',
    'helm list',
    'helm upgrade --install api ./chart --dry-run',
    'helm template ./chart',
    'helm repo update',
    'helm dependency update ./chart',
    'helm plugin install https://github.com/databus23/helm-diff',
    'helm diff upgrade api ./chart -n prod',
    'kubectl krew install ctx',
    'gcloud components update',
    'az extension add --name aks-preview',
  ])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('deploy CLIs', () => {
  test.each(['cdk deploy', 'sam deploy', 'fly deploy', 'firebase deploy', 'vercel --prod', 'vercel deploy', 'netlify deploy --prod', 'wrangler deploy', 'kamal deploy', 'npx wrangler deploy', 'npx vercel --prod', 'npx firebase deploy', 'npx cdk deploy'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'infra.deploy');
    },
  );

  test.each(['cdk destroy', 'npx cdk destroy', 'serverless remove', 'sls remove', 'flyctl apps destroy x', 'heroku apps:destroy x', 'heroku pg:reset DATABASE', 'eb terminate', 'railway down'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'infra.destroy');
    },
  );

  test.each(['cdk synth', 'cdk diff', 'sam build', 'fly status', 'firebase emulators:start', 'vercel dev', 'netlify deploy --dry-run', 'wrangler dev'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('cloud provider CLIs: destructive verbs', () => {
  test.each([
    'aws s3 rm s3://bucket --recursive',
    'aws s3 rb s3://bucket --force',
    'aws ec2 terminate-instances --instance-ids i-1',
    'aws dynamodb delete-table --table-name t',
    'aws rds delete-db-instance --db-instance-identifier x --skip-final-snapshot',
    'aws iam delete-user --user-name x',
    'aws cloudformation delete-stack --stack-name x',
    'aws lambda delete-function --function-name f',
    'aws --profile prod --region eu-west-1 ec2 terminate-instances --instance-ids i-1',
    'gcloud compute instances delete vm1',
    'gcloud projects delete p',
    'gcloud sql instances delete x',
    'gcloud container clusters delete c --quiet',
    'gsutil rm -r gs://b',
    'gsutil rb gs://b',
    'az group delete -n rg --yes',
    'az storage account delete -n x',
    'doctl compute droplet delete x',
    'gh repo delete x/y --yes',
    'docker system prune -af',
    'docker volume prune',
    'docker volume rm data',
    'rclone purge remote:x',
    'vault kv metadata delete secret/x',
    'kafka-topics --delete --topic t',
    'nats stream purge ORDERS',
  ])('%s asks', async (cmd) => {
    await expectAsks(cmd);
  });

  test('the approval names the verb it saw', async () => {
    const c = await expectAsks('aws ec2 terminate-instances --instance-ids i-1', 'generic.destructive');
    expect(c.reason).toContain('terminate-instances');
  });

  test.each([
    'aws s3 ls',
    'aws s3 cp x s3://bucket/',
    'aws s3 ls s3://bucket/',
    'aws ec2 describe-instances',
    'aws sts get-caller-identity',
    'aws ec2 terminate-instances --instance-ids i-1 --dry-run',
    'gcloud compute instances list',
    'gcloud config set project p',
    'az vm list',
    'gh repo view',
    'gh pr create --title "delete the old endpoint"',
    'gh pr merge 1',
    'gh issue list',
    'gh pr view 12 --json title',
  ])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('containers', () => {
  test.each(['docker compose down -v', 'docker-compose down --volumes', 'docker compose rm -f -v'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'docker.volumes');
  });

  test.each(['docker run --privileged img', 'docker run -v /:/host img', 'docker run --volume /:/mnt -it alpine sh', 'docker run --mount type=bind,source=/,target=/host img'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'docker.host-mount');
    },
  );

  test.each(['docker ps', 'docker build -t app .', 'docker compose up -d', 'docker compose down', 'docker logs -f app', 'docker run -v $(pwd):/app img', 'docker run --rm -it node:20 bash', 'docker pull img'])(
    '%s has no friction',
    async (cmd) => {
      await expectNoFriction(cmd);
    },
  );
});

describe('sync tools that delete on the destination', () => {
  test.each(['rsync -a --delete src/ dst/', 'rsync -av --delete-after build/ host:/srv', 'rsync -a --remove-source-files a/ b/', 'rclone sync a: b:', 'rclone move a: b:'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'sync.delete');
  });

  test('aws s3 sync --delete asks', async () => {
    await expectAsks('aws s3 sync . s3://b --delete');
  });

  test.each(['rsync -an --delete src/ dst/', 'rsync -a --delete --dry-run src/ dst/', 'rsync -a src/ dst/', 'rclone ls remote:', 'rclone copy a: b:'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('destructive words that are only data', () => {
  test.each([
    'echo "terraform destroy"',
    'git commit -m "kubectl delete the old pods"',
    'grep -rn "helm uninstall" docs/',
    'gh pr create --title "Remove delete endpoint" --body "drop the purge job"',
    'gh issue comment 3 --body "run kubectl delete pod x"',
  ])('%s is not refused', async (cmd) => {
    await expectNoDeny(cmd);
  });
});

describe('docker swarm', () => {
  test.each(['docker swarm leave --force', 'docker swarm leave -f', 'docker swarm init --force-new-cluster'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'docker.swarm');
  });

  test.each(['docker swarm leave', 'docker swarm init', 'docker swarm join-token worker'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe("flags that switch off a tool's own safety", () => {
  test.each(['kopia maintenance run --full --safety=none', 'somecli purge-cache --no-safety', 'tool sync --yes-i-really-mean-it', 'ceph osd pool rm x --i-know-what-i-am-doing'])('%s asks', async (cmd) => {
    await expectAsks(cmd);
  });

  test.each(['kopia maintenance run --full', 'kopia maintenance run --safety=full', 'pip-compile --allow-unsafe', 'kopia maintenance run --safety=none --dry-run'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('deletes spelled as a mode flag', () => {
  test.each(['tarsnap -d -f backup-2024-05-01', 'tarsnap -df backup-x', 'tarsnap --nuke', 'tarsnap --fsck-prune'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'generic.destructive');
  });

  test.each(['tarsnap --list-archives', 'tarsnap -tvf backup-x', 'tarsnap -c -f backup-x ./docs', 'tarsnap -x -f backup-x'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('a destructive verb glued to a short prefix', () => {
  test.each(['lvremove -f /dev/vg0/data', 'vgremove vg0', 'pvremove /dev/sdb'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'generic.destructive');
  });

  test.each(['lvs', 'vgdisplay', 'lvremove --help'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('kubectl and helm name their verb first', () => {
  test.each(['kubectl expose deploy web --port 80', 'kubectl label deploy web tier=frontend', 'kubectl annotate deploy web note=x'])(
    '%s: a later `deploy` is a resource kind, no friction',
    async (cmd) => {
      await expectNoFriction(cmd);
    },
  );

  test.each(['kubectl patch deploy web -p {}', 'kubectl set image deploy/web web=nginx:2', 'kubectl rollout restart deploy/web', 'kubectl edit deploy web'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'remote.change');
  });
});

describe('live services: resizing, messaging and paging CLIs', () => {
  test.each(['gcloud container clusters resize prod --num-nodes 0', 'gcloud compute disks resize d --size 100', 'slack-cli chat send --channel general hi'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'remote.change');
  });

  test('pd incident create pages someone: asks', async () => {
    await expectAsks('pd incident create --title x', 'remote.act');
  });

  test.each(['slack-cli --help', 'gcloud compute instances list', 'pd incident list'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('pods with the node’s privileges', () => {
  test.each([
    `kubectl run x --image=alpine --overrides='{"spec":{"hostPID":true,"containers":[{"name":"x","image":"alpine","securityContext":{"privileged":true}}]}}'`,
    'kubectl debug node/worker-1 -it --image=busybox',
    'kubectl debug -it api-0 --image=busybox --profile=sysadmin',
  ])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'docker.host-mount');
  });

  test.each(['kubectl run tmp --rm -it --image=busybox -- sh', 'kubectl debug -it api-0 --image=busybox --target=api'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});
